package dev.webtop.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bucket on a clock the test moves: no real time passes. */
class TokenBucketTest {
    private long now;
    private final List<Long> sleeps = new ArrayList<>();

    private TokenBucket bucket(double perSecond) {
        return new TokenBucket(perSecond, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void slicesGoOutAtTheRateWhateverTheirSize() throws InterruptedException {
        TokenBucket bucket = bucket(1000);
        for (int i = 0; i < 600; i++) {
            bucket.acquire(100);   // 60,000 rows at 1,000/s
        }
        // the first slice goes at once, each later one 100 ms after the one before
        assertEquals(0, sleeps.stream().filter(s -> s == 0).count());
        assertEquals(599, sleeps.size());
        assertEquals(59_900_000_000L, now, "the last slice leaves at 59.9 s");
        assertTrue(sleeps.stream().allMatch(s -> s == 100_000_000L), sleeps.toString());
        bucket.awaitSchedule();
        assertEquals(60_000_000_000L, now, "and the schedule ends at 60 s");
    }

    @Test
    void aSlowConsumerGetsNoBurstAfterwards() throws InterruptedException {
        TokenBucket bucket = bucket(100);
        bucket.acquire(10);
        now += 5_000_000_000L;   // the writer was stuck for 5 s
        bucket.acquire(10);
        bucket.acquire(10);
        assertEquals(List.of(100_000_000L), sleeps, "no credit piled up while idle");
    }

    @Test
    void aNewRateAppliesFromTheNextAcquire() throws InterruptedException {
        TokenBucket bucket = bucket(10);
        bucket.acquire(10);
        bucket.setRate(100);
        bucket.acquire(10);
        bucket.acquire(10);
        assertEquals(List.of(1_000_000_000L, 100_000_000L), sleeps);
    }
}
