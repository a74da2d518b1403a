package dev.webtop.report;

import dev.webtop.config.DbTarget;
import dev.webtop.db.Database;
import dev.webtop.db.SqlResources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Runs one of the reports' named queries (resources beside this class) with positional parameters. */
public final class Query {
    private Query() {
    }

    public static Result run(DbTarget target, String name, Object... parameters) {
        return Database.run(target, connection -> read(connection, name, parameters));
    }

    /** The same on a connection the caller holds (a long-running reader's pool). */
    public static Result read(Connection connection, String name, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(Query.class, name + ".sql"))) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    columns.add(meta.getColumnLabel(c));
                }
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= columns.size(); c++) {
                        row.add(Result.normalise(rs.getObject(c)));
                    }
                    rows.add(row);
                }
                return new Result(columns, rows);
            }
        }
    }
}
