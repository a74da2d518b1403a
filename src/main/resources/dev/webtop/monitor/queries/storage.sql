-- Size, chunks, compression and retention per level (view webtop_storage, one per edition).
SELECT object, kind, total_bytes, chunks, compressed_chunks, compression_ratio, compression, retention
  FROM webtop_storage
 ORDER BY position
