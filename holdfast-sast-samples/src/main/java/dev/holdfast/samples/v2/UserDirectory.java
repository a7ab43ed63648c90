package dev.holdfast.samples.v2;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * DELIBERATELY VULNERABLE TEST SAMPLE, never used at runtime: looks a user up by concatenating the
 * name into the SQL text (SQL injection).
 */
public final class UserDirectory {
  private final Connection connection;

  /** A directory over the app's database. */
  public UserDirectory(Connection connection) {
    this.connection = connection;
  }

  /** The e-mail address of the user, or an empty string when there is none. */
  public String emailOf(String username) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT email FROM users WHERE name = '" + username + "'")) {
      return rows.next() ? rows.getString(1) : "";
    }
  }
}
