package dev.holdfast.samples.v1;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * TEST SAMPLE, never used at runtime: looks a user up with a prepared statement, so the name is
 * data, never SQL.
 */
public final class UserDirectory {
  private final Connection connection;

  /** A directory over the app's database. */
  public UserDirectory(Connection connection) {
    this.connection = connection;
  }

  /** The e-mail address of the user, or an empty string when there is none. */
  public String emailOf(String username) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT email FROM users WHERE name = ?")) {
      statement.setString(1, username);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : "";
      }
    }
  }
}
