package dev.webtop.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on a connection that db/ opened: queries, statements, a transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
