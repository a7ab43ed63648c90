package dev.holdfast.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One scrape of a metrics endpoint, as Prometheus makes it (a plain-HTTP GET), parsed from the
 * Prometheus text format into its series. Tests compare scrapes taken before and after what they
 * do, and wait for a scrape to show something rather than sleep.
 */
public final class MetricsScrape {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** One series: a metric name and its labels. */
  public record Series(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final String contentType;
  private final List<Series> series;

  private MetricsScrape(String text, String contentType, List<Series> series) {
    this.text = text;
    this.contentType = contentType;
    this.series = series;
  }

  /** Scrapes {@code uri}; fails unless the answer is 200. */
  public static MetricsScrape of(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("scraping " + uri + " answered " + response.statusCode());
    }
    String type = response.headers().firstValue("content-type").orElse("");
    return new MetricsScrape(response.body(), type, seriesIn(response.body()));
  }

  /**
   * Scrapes {@code uri} until a scrape satisfies {@code condition}, and returns that scrape; fails
   * with the last scrape's text after {@code limit}, a bound against hanging (not a timing check).
   */
  public static MetricsScrape until(URI uri, Predicate<MetricsScrape> condition, Duration limit)
      throws IOException, InterruptedException {
    Instant end = Instant.now().plus(limit);
    while (true) {
      MetricsScrape scrape = of(uri);
      if (condition.test(scrape)) {
        return scrape;
      }
      if (Instant.now().isAfter(end)) {
        throw new AssertionError(
            "no scrape of "
                + uri
                + " within "
                + limit
                + " showed what was awaited; the last:\n"
                + scrape.text());
      }
      Thread.sleep(20);
    }
  }

  /** The exposition as served. */
  public String text() {
    return text;
  }

  /** The answer's Content-Type. */
  public String contentType() {
    return contentType;
  }

  /** Every series named {@code name}. */
  public List<Series> series(String name) {
    return series.stream().filter(s -> s.name().equals(name)).toList();
  }

  /**
   * The sum of the series named {@code name} whose labels include each {@code label, value} pair
   * given ({@code sum("x_total", "repository", "main")}); 0 when none does.
   */
  public double sum(String name, String... labelsAndValues) {
    if (labelsAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("labels and values come in pairs");
    }
    double sum = 0;
    for (Series s : series(name)) {
      boolean matches = true;
      for (int i = 0; i < labelsAndValues.length; i += 2) {
        matches &= labelsAndValues[i + 1].equals(s.labels().get(labelsAndValues[i]));
      }
      if (matches) {
        sum += s.value();
      }
    }
    return sum;
  }

  /** A Prometheus text exposition that was not scraped (written straight from a registry). */
  public static MetricsScrape parse(String text) {
    return new MetricsScrape(text, "", seriesIn(text));
  }

  /** The series of a Prometheus text exposition (comments skipped). */
  private static List<Series> seriesIn(String text) {
    List<Series> parsed = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      String name;
      Map<String, String> labels = new LinkedHashMap<>();
      int rest;
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        rest = labels(line, brace + 1, labels);
      } else {
        name = line.substring(0, space);
        rest = space;
      }
      String[] value = line.substring(rest).trim().split(" ");
      parsed.add(new Series(name, labels, number(value[0])));
    }
    return parsed;
  }

  /** Reads {@code a="x",b="y"}} from {@code at} into {@code labels}; the index after the brace. */
  private static int labels(String line, int at, Map<String, String> labels) {
    int i = at;
    while (line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String label = line.substring(i, eq);
      StringBuilder value = new StringBuilder();
      i = eq + 2; // past ="
      for (char c = line.charAt(i); c != '"'; c = line.charAt(i)) {
        if (c == '\\') {
          char escaped = line.charAt(++i);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
        i++;
      }
      labels.put(label, value.toString());
      i++; // past the closing quote
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    return i + 1;
  }

  private static double number(String text) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        return Double.parseDouble(text);
    }
  }
}
