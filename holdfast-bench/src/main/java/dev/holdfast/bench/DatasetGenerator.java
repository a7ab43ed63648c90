package dev.holdfast.bench;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a deterministic, mixed dataset for whole-process backup benchmarks (text and logs,
 * incompressible media, many small files, one paged database file) and moves an existing dataset to
 * another generation in place, touching only what changed, so that a re-backup measures incremental
 * work. Every byte is a pure function of the seed, the size and the generation.
 *
 * <p>Usage: {@code java -cp holdfast-bench.jar dev.holdfast.bench.DatasetGenerator --out DIR --size
 * 1g [--seed 1] [--generation N]}. See holdfast-bench/README.md.
 */
public final class DatasetGenerator {

  /** File in the dataset root recording seed, size and generation; lets a rerun change in place. */
  static final String MARKER = "dataset.properties";

  /** Page size of the database-like file. */
  static final int PAGE_SIZE = 8192;

  /** Path of the database-like file, relative to the dataset root. */
  static final String DB_PATH = "db/app.db";

  static final int MIN_SMALL_FILE = 1024;
  static final int MAX_SMALL_FILE = 16 * 1024;
  static final long MIN_SIZE = 64 * 1024;
  static final long MAX_SIZE = 1L << 40;
  static final int MAX_GENERATION = 1000;

  /** Share of database pages rewritten per generation, scattered over the whole file. */
  static final double DB_CHANGE_FRACTION = 0.02;

  /** Logs appended to per generation. */
  static final int LOGS_APPENDED = 3;

  private static final String USAGE =
      "usage: java -cp holdfast-bench.jar dev.holdfast.bench.DatasetGenerator"
          + " --out DIR --size SIZE [--seed N] [--generation N]\n"
          + "  SIZE like 64m, 1g, 1.5GiB (binary units). Generation 1 is the initial state;\n"
          + "  generation N applies N-1 rounds of change. An existing dataset in DIR with the\n"
          + "  same seed and size is moved to generation N in place.";

  private static final int FORMAT = 1;
  private static final int BUFFER = 1 << 20;
  private static final int PAGE_HEADER = 28;
  private static final int PAGE_MAGIC = 0x48464442; // "HFDB"
  private static final long BASE_EPOCH_MS = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
  private static final long DAY_MS = 86_400_000L;

  private static final long TAG_PLAN = 1;
  private static final long TAG_ROUND = 2;
  private static final long TAG_PAGE = 3;
  private static final long TAG_LOG = 4;
  private static final long TAG_PROSE = 5;
  private static final long TAG_MEDIA = 6;
  private static final long TAG_SMALL = 7;
  private static final long TAG_SMALL_SIZE = 8;

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORT_BE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

  private static final ThreadLocal<byte[]> BUFFERS =
      ThreadLocal.withInitial(() -> new byte[BUFFER]);

  private DatasetGenerator() {}

  /** What a call to {@link #generate} left on disk and how much it had to write. */
  public record Result(int generation, long files, long bytes, long bytesWritten) {}

  /** Command-line entry point; exits 2 on a usage error and 1 on an I/O failure. */
  public static void main(String[] args) {
    try {
      Options options = Options.parse(args);
      if (options == null) {
        System.out.println(USAGE);
        return;
      }
      long start = System.nanoTime();
      Result result = generate(options.out(), options.size(), options.seed(), options.generation());
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "dataset %s: generation %d, seed %d, %d files, %d bytes; wrote %.1f MiB in %.1f s%n",
          options.out(),
          result.generation(),
          options.seed(),
          result.files(),
          result.bytes(),
          result.bytesWritten() / 1048576.0,
          seconds);
    } catch (IllegalArgumentException e) {
      System.err.println("DatasetGenerator: " + e.getMessage());
      System.exit(2);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("DatasetGenerator: writing the dataset failed: " + e);
      System.exit(1);
    }
  }

  /**
   * Brings {@code out} to the given generation of the dataset for {@code size} and {@code seed}. An
   * empty or missing folder gets a fresh dataset; a folder holding this dataset (same seed and
   * size, at any generation) is changed in place, forwards or backwards; anything else is refused.
   *
   * @throws IllegalArgumentException for arguments out of range or a folder that is not ours
   */
  public static Result generate(Path out, long size, long seed, int generation) throws IOException {
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "size " + size + " is out of range " + MIN_SIZE + ".." + MAX_SIZE + " bytes");
    }
    if (generation < 1 || generation > MAX_GENERATION) {
      throw new IllegalArgumentException(
          "generation " + generation + " is out of range 1.." + MAX_GENERATION);
    }
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("output " + out + " exists and is not a folder");
    }
    Files.createDirectories(out);
    Plan plan = new Plan(size, seed);
    Marker marker = Marker.read(out);
    int from;
    AtomicLong written = new AtomicLong();
    if (marker == null) {
      if (!isEmpty(out)) {
        throw new IllegalArgumentException(
            "refusing to write into " + out + ": not empty and has no " + MARKER);
      }
      from = 0;
    } else {
      if (marker.seed() != seed || marker.size() != size) {
        throw new IllegalArgumentException(
            "dataset in "
                + out
                + " was written with seed "
                + marker.seed()
                + " and size "
                + marker.size()
                + "; use an empty folder for seed "
                + seed
                + " and size "
                + size);
      }
      from = marker.generation();
      if (marker.target() != from) {
        // An interrupted run: finishing it first is safe because every sync step is idempotent.
        sync(out, plan, from, marker.target(), written);
        from = marker.target();
      }
    }
    new Marker(seed, size, from, generation).write(out);
    sync(out, plan, from, generation, written);
    new Marker(seed, size, generation, generation).write(out);
    long[] totals = totals(out);
    return new Result(generation, totals[0], totals[1], written.get());
  }

  /** Parses sizes like {@code 4096}, {@code 64m}, {@code 1g}, {@code 1.5GiB} (binary units). */
  static long parseSize(String text) {
    Matcher m =
        Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?", Pattern.CASE_INSENSITIVE)
            .matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot read size '" + text + "' (examples: 64m, 1g)");
    }
    int shift =
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
          case "k" -> 10;
          case "m" -> 20;
          case "g" -> 30;
          case "t" -> 40;
          default -> 0;
        };
    double value = Double.parseDouble(m.group(1)) * (1L << shift);
    if (value > MAX_SIZE) {
      throw new IllegalArgumentException("size '" + text + "' is larger than 1 TiB");
    }
    return (long) value;
  }

  // ---------------------------------------------------------------------------------------------
  // What the dataset consists of, and how generations differ.

  /** File sizes and counts of generation 1, derived from size and seed alone. */
  static final class Plan {
    final long seed;
    final long[] logBase;
    final long[] prose;
    final long[] media;
    final long logAppend;
    final int smallCount;
    final int smallChurn;
    final int dbPages;
    final int dbChanged;

    Plan(long size, long seed) {
      this.seed = seed;
      long text = size * 30 / 100;
      long mediaBudget = size * 30 / 100;
      long smallBudget = size * 10 / 100;
      long db = size - text - mediaBudget - smallBudget;
      long logs = text * 60 / 100;
      SplittableRandom r = rng(seed, TAG_PLAN, 0, 0);
      logBase = split(logs, 24L << 20, LOGS_APPENDED, r);
      prose = split(text - logs, 4L << 20, 2, r);
      media = split(mediaBudget, 48L << 20, 2, r);
      logAppend = Math.max(4096, logs / 200);
      long sum = 0;
      int n = 0;
      while (n == 0 || sum + smallSize(n) <= smallBudget) {
        sum += smallSize(n);
        n++;
      }
      smallCount = n;
      smallChurn = Math.max(1, n / 200);
      dbPages = (int) Math.max(1, db / PAGE_SIZE);
      dbChanged = (int) Math.max(1, Math.round(dbPages * DB_CHANGE_FRACTION));
    }

    int smallSize(int id) {
      long h = mix(mix(seed ^ TAG_SMALL_SIZE) ^ id);
      return MIN_SMALL_FILE + (int) Long.remainderUnsigned(h, MAX_SMALL_FILE - MIN_SMALL_FILE + 1);
    }

    String smallPath(int id) {
      long h = mix(mix(seed ^ TAG_SMALL) ^ id);
      return String.format(
          Locale.ROOT,
          "small/p%02d/%s/%s/f%06d%s",
          (int) (h & 15),
          SMALL_DIRS[(int) ((h >>> 8) & 7)],
          SMALL_SUBDIRS[(int) ((h >>> 16) & 3)],
          id,
          SMALL_EXTENSIONS[id % SMALL_EXTENSIONS.length]);
    }

    static String logPath(int j) {
      return String.format(Locale.ROOT, "text/logs/%s-%02d.log", SERVICES[j % SERVICES.length], j);
    }

    static String prosePath(int j) {
      return String.format(Locale.ROOT, "text/docs/%s-%03d.md", TOPICS[j % TOPICS.length], j);
    }

    static String mediaPath(int j) {
      return String.format(Locale.ROOT, "media/%s-%03d%s", MEDIA_NAMES[j % 3], j, MEDIA_EXT[j % 3]);
    }

    private static long[] split(long budget, long target, int minFiles, SplittableRandom r) {
      int n = (int) Math.max(minFiles, (budget + target - 1) / target);
      double[] weights = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        weights[i] = 0.5 + r.nextDouble();
        sum += weights[i];
      }
      long[] lengths = new long[n];
      long used = 0;
      for (int i = 0; i < n - 1; i++) {
        lengths[i] = (long) (budget * (weights[i] / sum));
        used += lengths[i];
      }
      lengths[n - 1] = budget - used;
      return lengths;
    }
  }

  /** Where each changing part stands at one generation. */
  static final class State {
    /** Round that last wrote each database page; 1 means the initial content. */
    final int[] pageVersion;

    /** Per log, the rounds (ascending, all >= 2) that appended to it. */
    final List<List<Integer>> logAppends;

    /** Ids of the small files that exist. */
    final BitSet small;

    State(Plan p, int generation) {
      pageVersion = new int[p.dbPages];
      Arrays.fill(pageVersion, 1);
      logAppends = new ArrayList<>();
      for (int j = 0; j < p.logBase.length; j++) {
        logAppends.add(new ArrayList<>());
      }
      small = new BitSet();
      small.set(0, p.smallCount);
      for (int round = 2; round <= generation; round++) {
        SplittableRandom r = rng(p.seed, TAG_ROUND, round, 0);
        BitSet pages = pick(r, p.dbPages, p.dbChanged);
        for (int i = pages.nextSetBit(0); i >= 0; i = pages.nextSetBit(i + 1)) {
          pageVersion[i] = round;
        }
        BitSet logs = pick(r, p.logBase.length, Math.min(LOGS_APPENDED, p.logBase.length));
        for (int j = logs.nextSetBit(0); j >= 0; j = logs.nextSetBit(j + 1)) {
          logAppends.get(j).add(round);
        }
        int[] live = small.stream().toArray();
        BitSet deleted = pick(r, live.length, Math.min(p.smallChurn, live.length - 1));
        for (int i = deleted.nextSetBit(0); i >= 0; i = deleted.nextSetBit(i + 1)) {
          small.clear(live[i]);
        }
        int firstNew = p.smallCount + (round - 2) * p.smallChurn;
        small.set(firstNew, firstNew + p.smallChurn);
      }
    }

    private static BitSet pick(SplittableRandom r, int n, int count) {
      BitSet picked = new BitSet(n);
      int found = 0;
      while (found < count) {
        int i = r.nextInt(n);
        if (!picked.get(i)) {
          picked.set(i);
          found++;
        }
      }
      return picked;
    }
  }

  /**
   * Makes the files in {@code out} match generation {@code to}, assuming they match {@code from} (0
   * meaning nothing). Each step overwrites with final content, so repeating it is harmless.
   */
  private static void sync(Path out, Plan p, int from, int to, AtomicLong written)
      throws IOException {
    State target = new State(p, to);
    List<Callable<Void>> tasks = new ArrayList<>();
    Path db = out.resolve(DB_PATH);
    if (from == 0) {
      tasks.add(task(() -> writeDb(db, p, target.pageVersion, written)));
      for (int j = 0; j < p.media.length; j++) {
        int m = j;
        tasks.add(
            task(
                () ->
                    writeRandom(
                        out.resolve(Plan.mediaPath(m)),
                        rng(p.seed, TAG_MEDIA, m, 0),
                        p.media[m],
                        written)));
      }
      for (int j = 0; j < p.logBase.length; j++) {
        int log = j;
        tasks.add(task(() -> writeLog(out, p, log, target.logAppends.get(log), 0, written)));
      }
      for (int j = 0; j < p.prose.length; j++) {
        int m = j;
        tasks.add(
            task(
                () ->
                    writeText(
                        out.resolve(Plan.prosePath(m)),
                        new ProseLines(rng(p.seed, TAG_PROSE, m, 0)),
                        p.prose[m],
                        written)));
      }
      BitSet small = target.small;
      for (int id = small.nextSetBit(0); id >= 0; id = small.nextSetBit(id + 1)) {
        int smallId = id;
        tasks.add(task(() -> writeSmall(out, p, smallId, written)));
      }
    } else {
      State current = new State(p, from);
      BitSet pages = new BitSet(p.dbPages);
      for (int i = 0; i < p.dbPages; i++) {
        if (current.pageVersion[i] != target.pageVersion[i]) {
          pages.set(i);
        }
      }
      if (!pages.isEmpty()) {
        tasks.add(task(() -> rewritePages(db, p, target.pageVersion, pages, written)));
      }
      int common = Math.min(from, to);
      for (int j = 0; j < p.logBase.length; j++) {
        List<Integer> rounds = target.logAppends.get(j);
        if (!rounds.equals(current.logAppends.get(j))) {
          int log = j;
          int keep = 1 + (int) rounds.stream().filter(round -> round <= common).count();
          tasks.add(task(() -> writeLog(out, p, log, rounds, keep, written)));
        }
      }
      BitSet gone = (BitSet) current.small.clone();
      gone.andNot(target.small);
      for (int id = gone.nextSetBit(0); id >= 0; id = gone.nextSetBit(id + 1)) {
        Files.deleteIfExists(out.resolve(p.smallPath(id)));
      }
      BitSet added = (BitSet) target.small.clone();
      added.andNot(current.small);
      for (int id = added.nextSetBit(0); id >= 0; id = added.nextSetBit(id + 1)) {
        int smallId = id;
        tasks.add(task(() -> writeSmall(out, p, smallId, written)));
      }
    }
    runAll(tasks);
  }

  // ---------------------------------------------------------------------------------------------
  // Writing files.

  private interface IoAction {
    void run() throws IOException;
  }

  private static Callable<Void> task(IoAction action) {
    return () -> {
      action.run();
      return null;
    };
  }

  private static void runAll(List<Callable<Void>> tasks) throws IOException {
    if (tasks.isEmpty()) {
      return;
    }
    int threads = Math.min(tasks.size(), Math.min(4, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the dataset");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("writing the dataset failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static OutputStream create(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.newOutputStream(file);
  }

  private static void writeRandom(Path file, SplittableRandom r, long length, AtomicLong written)
      throws IOException {
    byte[] buf = BUFFERS.get();
    try (OutputStream os = create(file)) {
      for (long left = length; left > 0; ) {
        int n = (int) Math.min(buf.length, left);
        fillRandom(r, buf, n);
        os.write(buf, 0, n);
        left -= n;
      }
    }
    written.addAndGet(length);
  }

  private static void writeText(Path file, LineSource src, long length, AtomicLong written)
      throws IOException {
    try (OutputStream os = create(file)) {
      writeLines(os, src, length);
    }
    written.addAndGet(length);
  }

  private static void writeSmall(Path out, Plan p, int id, AtomicLong written) throws IOException {
    Path file = out.resolve(p.smallPath(id));
    SplittableRandom r = rng(p.seed, TAG_SMALL, id, 0);
    int size = p.smallSize(id);
    switch (id % SMALL_EXTENSIONS.length) {
      case 0, 1 -> writeText(file, new ProseLines(r), size, written);
      case 2 -> writeText(file, new LogLines(r, BASE_EPOCH_MS + id * 1000L), size, written);
      default -> writeRandom(file, r, size, written);
    }
  }

  /**
   * Writes log {@code j} keeping its first {@code keep} segments (0 = none). Segment 0 is the
   * initial content; segment s >= 1 is what round {@code rounds.get(s - 1)} appended.
   */
  private static void writeLog(
      Path out, Plan p, int j, List<Integer> rounds, int keep, AtomicLong written)
      throws IOException {
    Path file = out.resolve(Plan.logPath(j));
    Files.createDirectories(file.getParent());
    long prefix = keep == 0 ? 0 : p.logBase[j] + (keep - 1) * p.logAppend;
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ch.truncate(prefix);
      ch.position(prefix);
      OutputStream os = Channels.newOutputStream(ch);
      if (keep == 0) {
        writeLines(os, logLines(p, j, 1), p.logBase[j]);
        written.addAndGet(p.logBase[j]);
      }
      for (int s = Math.max(keep, 1); s <= rounds.size(); s++) {
        writeLines(os, logLines(p, j, rounds.get(s - 1)), p.logAppend);
        written.addAndGet(p.logAppend);
      }
    }
  }

  private static LogLines logLines(Plan p, int j, int round) {
    long start = BASE_EPOCH_MS + j * 7 * 60_000L + (round - 1) * DAY_MS;
    return new LogLines(rng(p.seed, TAG_LOG, j, round), start);
  }

  private static void writeDb(Path file, Plan p, int[] versions, AtomicLong written)
      throws IOException {
    byte[] buf = BUFFERS.get();
    Buf row = new Buf();
    int perBuffer = buf.length / PAGE_SIZE;
    try (OutputStream os = create(file)) {
      for (int first = 0; first < p.dbPages; first += perBuffer) {
        int n = Math.min(perBuffer, p.dbPages - first);
        for (int k = 0; k < n; k++) {
          page(p, first + k, versions[first + k], buf, k * PAGE_SIZE, row);
        }
        os.write(buf, 0, n * PAGE_SIZE);
      }
    }
    written.addAndGet((long) p.dbPages * PAGE_SIZE);
  }

  private static void rewritePages(
      Path file, Plan p, int[] versions, BitSet pages, AtomicLong written) throws IOException {
    byte[] page = new byte[PAGE_SIZE];
    Buf row = new Buf();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      for (int i = pages.nextSetBit(0); i >= 0; i = pages.nextSetBit(i + 1)) {
        page(p, i, versions[i], page, 0, row);
        ByteBuffer bb = ByteBuffer.wrap(page);
        long position = (long) i * PAGE_SIZE;
        while (bb.hasRemaining()) {
          position += ch.write(bb, position);
        }
      }
    }
    written.addAndGet((long) pages.cardinality() * PAGE_SIZE);
  }

  /** Writes exactly {@code length} bytes of lines; the last line is cut short if need be. */
  private static void writeLines(OutputStream os, LineSource src, long length) throws IOException {
    byte[] buf = BUFFERS.get();
    Buf line = new Buf();
    int n = 0;
    for (long left = length; left > 0; ) {
      line.n = 0;
      src.next(line);
      int take = (int) Math.min(line.n, left);
      if (take < line.n) {
        line.a[take - 1] = '\n';
      }
      if (n + take > buf.length) {
        os.write(buf, 0, n);
        n = 0;
      }
      if (take > buf.length) {
        os.write(line.a, 0, take);
      } else {
        System.arraycopy(line.a, 0, buf, n, take);
        n += take;
      }
      left -= take;
    }
    os.write(buf, 0, n);
  }

  static void fillRandom(SplittableRandom r, byte[] buf, int length) {
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      LONG_LE.set(buf, i, r.nextLong());
    }
    if (i < length) {
      long v = r.nextLong();
      for (; i < length; i++, v >>>= 8) {
        buf[i] = (byte) v;
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static long[] totals(Path dir) throws IOException {
    long[] totals = new long[2];
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(Files::isRegularFile)
          .forEach(
              f -> {
                totals[0]++;
                try {
                  totals[1] += Files.size(f);
                } catch (IOException e) {
                  throw new UncheckedIOException("reading the size of " + f, e);
                }
              });
    }
    return totals;
  }

  // ---------------------------------------------------------------------------------------------
  // Content.

  /** A growable byte buffer with the few ASCII and big-endian writers the content needs. */
  static final class Buf {
    byte[] a = new byte[4096];
    int n;

    private void ensure(int extra) {
      if (n + extra > a.length) {
        a = Arrays.copyOf(a, Math.max(a.length * 2, n + extra));
      }
    }

    Buf put(byte[] s) {
      ensure(s.length);
      System.arraycopy(s, 0, a, n, s.length);
      n += s.length;
      return this;
    }

    Buf put(char c) {
      ensure(1);
      a[n++] = (byte) c;
      return this;
    }

    Buf num(long v) {
      if (v < 0) {
        put('-');
        v = -v;
      }
      int digits = 1;
      for (long t = v; t >= 10; t /= 10) {
        digits++;
      }
      return pad(v, digits);
    }

    Buf pad(long v, int width) {
      ensure(width);
      for (int i = n + width - 1; i >= n; i--, v /= 10) {
        a[i] = (byte) ('0' + v % 10);
      }
      n += width;
      return this;
    }

    Buf hex(long v, int digits) {
      ensure(digits);
      for (int i = n + digits - 1; i >= n; i--, v >>>= 4) {
        a[i] = HEX[(int) (v & 15)];
      }
      n += digits;
      return this;
    }

    void u8(int v) {
      ensure(1);
      a[n++] = (byte) v;
    }

    void u16(int v) {
      ensure(2);
      SHORT_BE.set(a, n, (short) v);
      n += 2;
    }

    void i32(int v) {
      ensure(4);
      INT_BE.set(a, n, v);
      n += 4;
    }

    void i64(long v) {
      ensure(8);
      LONG_BE.set(a, n, v);
      n += 8;
    }

    void capitalize(int at) {
      if (a[at] >= 'a' && a[at] <= 'z') {
        a[at] -= 32;
      }
    }
  }

  /** An endless source of text, one line or paragraph per call, each ending with a newline. */
  interface LineSource {
    void next(Buf out);
  }

  /** Prose: Markdown headings and word-wrapped paragraphs from a skewed word distribution. */
  static final class ProseLines implements LineSource {
    private final SplittableRandom r;

    ProseLines(SplittableRandom r) {
      this.r = r;
    }

    @Override
    public void next(Buf b) {
      if (r.nextInt(8) == 0) {
        b.put(r.nextBoolean() ? H1 : H2);
        int words = 2 + r.nextInt(5);
        for (int w = 0; w < words; w++) {
          if (w > 0) {
            b.put(' ');
          }
          int at = b.n;
          b.put(word(r));
          b.capitalize(at);
        }
        b.put('\n').put('\n');
        return;
      }
      int column = 0;
      int sentences = 2 + r.nextInt(6);
      for (int s = 0; s < sentences; s++) {
        int words = 5 + r.nextInt(14);
        for (int w = 0; w < words; w++) {
          byte[] word = word(r);
          boolean comma = w > 1 && w < words - 2 && r.nextInt(10) == 0;
          boolean end = w == words - 1;
          int length = word.length + (comma || end ? 1 : 0);
          if (column > 0 && column + 1 + length > 76) {
            b.put('\n');
            column = 0;
          } else if (column > 0) {
            b.put(' ');
            column++;
          }
          int at = b.n;
          b.put(word);
          if (w == 0) {
            b.capitalize(at);
          }
          if (comma) {
            b.put(',');
          } else if (end) {
            b.put(r.nextInt(12) == 0 ? '?' : '.');
          }
          column += length;
        }
      }
      b.put('\n').put('\n');
    }
  }

  /** Application log lines: access logs, business events, slow queries, errors with traces. */
  static final class LogLines implements LineSource {
    private final SplittableRandom r;
    private long now;
    private long day = Long.MIN_VALUE;
    private byte[] date;

    LogLines(SplittableRandom r, long startEpochMs) {
      this.r = r;
      this.now = startEpochMs;
    }

    @Override
    public void next(Buf b) {
      now += r.nextInt(200);
      timestamp(b);
      int kind = r.nextInt(100);
      if (kind < 40) {
        head(b, INFO, 5, THREAD_HTTP, r.nextInt(40));
        b.put(METHODS[r.nextInt(10) < 7 ? 0 : 1 + r.nextInt(METHODS.length - 1)]).put(' ');
        b.put(API).put(pick(RESOURCES)).put('/').num(r.nextInt(100_000)).put(' ');
        b.put(STATUSES[r.nextInt(10) < 8 ? 0 : r.nextInt(STATUSES.length)]).put(' ');
        b.num(1 + r.nextInt(r.nextInt(10) == 0 ? 3000 : 120)).put(MS).put(' ');
        b.num(200 + r.nextInt(40_000)).put(BYTES).put(USER).put(pick(FIRST)).put('.');
        b.put(pick(LAST)).put(TRACE).hex(r.nextLong(), 16).put('\n');
      } else if (kind < 52) {
        head(b, INFO, 0, THREAD_WORKER, r.nextInt(16));
        b.put(ORDER).num(100_000 + r.nextInt(900_000)).put(CREATED).num(r.nextInt(50_000));
        b.put(COLON).num(1 + r.nextInt(12)).put(ITEMS).num(r.nextInt(2000)).put('.');
        b.pad(r.nextInt(100), 2).put(EUR);
      } else if (kind < 64) {
        head(b, DEBUG, 6, THREAD_WORKER, r.nextInt(16));
        b.put(r.nextInt(4) == 0 ? CACHE_MISS : CACHE_HIT).put(pick(RESOURCES)).put(':');
        b.num(r.nextInt(100_000)).put(TTL).num(60 * (1 + r.nextInt(60))).put(')').put('\n');
      } else if (kind < 72) {
        head(b, INFO, 3, THREAD_HTTP, r.nextInt(40));
        b.put(USER_WORD).put(pick(FIRST)).put('.').put(pick(LAST)).put('@').put(pick(DOMAINS));
        b.put(FROM).num(r.nextInt(256)).put('.').num(r.nextInt(256)).put('.');
        b.num(1 + r.nextInt(254)).put(USING).put(pick(AGENTS)).put('\n');
      } else if (kind < 78) {
        head(b, INFO, 11, THREAD_SCHEDULER, r.nextInt(4));
        b.put(JOB).put(pick(JOBS)).put(FINISHED).num(r.nextInt(90_000)).put(MS_COMMA);
        b.num(r.nextInt(200_000)).put(RECORDS).num(r.nextInt(500)).put(SKIPPED);
      } else if (kind < 82) {
        head(b, DEBUG, 7, THREAD_HOUSEKEEPING, 1);
        b.put(POOL).num(r.nextInt(20)).put(IDLE).num(r.nextInt(20)).put(WAITING);
        b.num(r.nextInt(10) == 0 ? r.nextInt(30) : 0).put(CLOSE_PAREN);
      } else if (kind < 92) {
        head(b, DEBUG, r.nextInt(LOGGERS.length), THREAD_WORKER, r.nextInt(16));
        b.put(PROCESSING).put(pick(RESOURCES)).put(BATCH).num(r.nextInt(10_000)).put(':');
        int words = 4 + r.nextInt(10);
        for (int w = 0; w < words; w++) {
          b.put(' ').put(word(r));
        }
        b.put('\n');
      } else if (kind < 97) {
        head(b, WARN, 7, THREAD_WORKER, r.nextInt(16));
        b.put(SLOW_QUERY).num(500 + r.nextInt(5000)).put(SELECT).put(pick(TABLES));
        b.put(WHERE_ID).num(r.nextInt(1_000_000)).put(AND_STATUS).put(pick(ORDER_STATES));
        b.put('\'').put('\n');
      } else {
        head(b, ERROR, r.nextInt(LOGGERS.length), THREAD_WORKER, r.nextInt(16));
        b.put(FAILED).put(pick(RESOURCES)).put(' ').num(r.nextInt(1_000_000)).put(COLON);
        b.put(pick(EXCEPTIONS)).put('\n');
        if (r.nextBoolean()) {
          int frames = 4 + r.nextInt(12);
          for (int f = 0; f < frames; f++) {
            int c = r.nextInt(LOGGERS.length);
            b.put(AT).put(LOGGERS[c]).put('.').put(pick(CALLS)).put('(').put(CLASS_FILES[c]);
            b.put(':').num(20 + r.nextInt(600)).put(')').put('\n');
          }
        }
      }
    }

    private void head(Buf b, byte[] level, int logger, byte[] thread, int threadNo) {
      b.put(level).put(' ').put('[').put(thread).num(threadNo).put(']').put(' ');
      b.put(LOGGERS[logger]).put(DASH);
    }

    private void timestamp(Buf b) {
      long d = Math.floorDiv(now, DAY_MS);
      if (d != day) {
        day = d;
        date = (LocalDate.ofEpochDay(d) + "T").getBytes(StandardCharsets.US_ASCII);
      }
      long ms = Math.floorMod(now, DAY_MS);
      b.put(date).pad(ms / 3_600_000, 2).put(':').pad(ms / 60_000 % 60, 2).put(':');
      b.pad(ms / 1000 % 60, 2).put('.').pad(ms % 1000, 3).put('Z').put(' ');
    }

    private byte[] pick(byte[][] words) {
      return words[r.nextInt(words.length)];
    }
  }

  /**
   * Fills one database page: a header, a slot array growing up and rows growing down from the end,
   * free space zeroed in between (like a PostgreSQL heap page), and a CRC of the page body.
   */
  static void page(Plan p, int pageNo, int version, byte[] dst, int off, Buf row) {
    Arrays.fill(dst, off, off + PAGE_SIZE, (byte) 0);
    SplittableRandom r = rng(p.seed, TAG_PAGE, pageNo, version);
    int fill = (int) (PAGE_SIZE * (0.55 + 0.43 * r.nextDouble()));
    int lower = PAGE_HEADER;
    int upper = PAGE_SIZE;
    int rows = 0;
    while (true) {
      row.n = 0;
      row(r, pageNo * 64L + rows, version, row);
      int len = row.n;
      if (upper - len < lower + 2 || (rows > 0 && PAGE_SIZE - upper + len + lower + 2 > fill)) {
        break;
      }
      upper -= len;
      System.arraycopy(row.a, 0, dst, off + upper, len);
      SHORT_BE.set(dst, off + lower, (short) upper);
      lower += 2;
      rows++;
    }
    INT_BE.set(dst, off, PAGE_MAGIC);
    INT_BE.set(dst, off + 4, pageNo);
    LONG_BE.set(dst, off + 8, version * 1_000_003L + pageNo);
    SHORT_BE.set(dst, off + 16, (short) rows);
    SHORT_BE.set(dst, off + 18, (short) lower);
    SHORT_BE.set(dst, off + 20, (short) upper);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(dst, off + PAGE_HEADER, PAGE_SIZE - PAGE_HEADER);
    INT_BE.set(dst, off + 24, (int) crc.getValue());
  }

  private static void row(SplittableRandom r, long rowId, int version, Buf b) {
    long created = BASE_EPOCH_MS - 300 * DAY_MS + rowId * 1_500 + r.nextInt(1_500);
    int first = r.nextInt(FIRST.length);
    int last = r.nextInt(LAST.length);
    b.i64(rowId);
    b.i64(created);
    b.i64(created + (version - 1) * DAY_MS + r.nextInt(3_600_000));
    b.i32(r.nextInt(100_000));
    b.u8(r.nextInt(ORDER_STATES.length));
    b.u8(1 + r.nextInt(9));
    int at = b.n;
    b.u8(0);
    b.put(FIRST_CAP[first]).put(' ').put(LAST_CAP[last]);
    b.a[at] = (byte) (b.n - at - 1);
    at = b.n;
    b.u8(0);
    b.put(FIRST[first]).put('.').put(LAST[last]).put('@').put(DOMAINS[r.nextInt(DOMAINS.length)]);
    b.a[at] = (byte) (b.n - at - 1);
    at = b.n;
    b.u8(0);
    b.put(CITIES[r.nextInt(CITIES.length)]);
    b.a[at] = (byte) (b.n - at - 1);
    at = b.n;
    b.u16(0);
    int words = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(10);
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        b.put(' ');
      }
      b.put(word(r));
    }
    SHORT_BE.set(b.a, at, (short) (b.n - at - 2));
  }

  private static byte[] word(SplittableRandom r) {
    double u = r.nextDouble();
    // Skewed towards the front of the list, as word frequencies are in real text.
    return WORDS[(int) (u * u * WORDS.length)];
  }

  // ---------------------------------------------------------------------------------------------
  // Randomness.

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** An independent stream for one piece of content, so files can be written in any order. */
  static SplittableRandom rng(long seed, long tag, long a, long b) {
    long h = mix(seed + 0x9e3779b97f4a7c15L);
    h = mix(h ^ tag);
    h = mix(h ^ a);
    h = mix(h ^ b);
    return new SplittableRandom(h);
  }

  // ---------------------------------------------------------------------------------------------
  // Marker and options.

  /** Contents of {@link #MARKER}; {@code target != generation} means a run was interrupted. */
  record Marker(long seed, long size, int generation, int target) {

    static Marker read(Path dir) throws IOException {
      Path file = dir.resolve(MARKER);
      if (!Files.isRegularFile(file)) {
        return null;
      }
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
        props.load(reader);
      }
      try {
        if (Integer.parseInt(props.getProperty("format", "")) != FORMAT) {
          throw new IllegalArgumentException(file + " has an unknown format; use an empty folder");
        }
        return new Marker(
            Long.parseLong(props.getProperty("seed", "")),
            Long.parseLong(props.getProperty("size", "")),
            Integer.parseInt(props.getProperty("generation", "")),
            Integer.parseInt(props.getProperty("target", "")));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + " is damaged; use an empty folder", e);
      }
    }

    void write(Path dir) throws IOException {
      String text =
          "# Benchmark dataset written by dev.holdfast.bench.DatasetGenerator; do not edit.\n"
              + "format="
              + FORMAT
              + "\nseed="
              + seed
              + "\nsize="
              + size
              + "\ngeneration="
              + generation
              + "\ntarget="
              + target
              + "\n";
      Path tmp = dir.resolve(MARKER + ".tmp");
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      Files.move(
          tmp,
          dir.resolve(MARKER),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Parsed command line. */
  record Options(Path out, long size, long seed, int generation) {

    /** Returns null when help was asked for. */
    static Options parse(String[] args) {
      Path out = null;
      Long size = null;
      long seed = 1;
      int generation = 1;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("-h") || arg.equals("--help")) {
          return null;
        }
        String name = arg;
        String value;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          name = arg.substring(0, eq);
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException("missing value after " + arg + "\n" + USAGE);
        }
        try {
          switch (name) {
            case "--out" -> out = Path.of(value);
            case "--size" -> size = parseSize(value);
            case "--seed" -> seed = Long.parseLong(value);
            case "--generation" -> generation = Integer.parseInt(value);
            default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("cannot read " + name + " '" + value + "'", e);
        }
      }
      if (out == null || size == null) {
        throw new IllegalArgumentException("--out and --size are required\n" + USAGE);
      }
      return new Options(out, size, seed, generation);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Vocabulary.

  private static byte[][] ascii(String words) {
    return Arrays.stream(words.trim().split("\\s+"))
        .map(w -> w.replace('_', ' ').getBytes(StandardCharsets.US_ASCII))
        .toArray(byte[][]::new);
  }

  private static byte[][] capitalized(byte[][] words) {
    byte[][] out = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      out[i] = words[i].clone();
      out[i][0] = (byte) Character.toUpperCase(out[i][0]);
    }
    return out;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static final byte[] HEX = b("0123456789abcdef");

  /** Common English words, most frequent first, plus the vocabulary of business software. */
  private static final byte[][] WORDS =
      ascii(
          "the of and to a in is that for it as was with be by on not he this are or his from at"
              + " which but have an they you were her she there one all we their been has when who"
              + " will more no if out so said what up its about into than them can only other new"
              + " some could time these two may then do first any my now such like our over man"
              + " me even most made after also did many before must through back years where much"
              + " your way well down should because each just those people how too little state"
              + " good very make world still own see men work long get here between both life"
              + " being under never day same another know while last might us great old year off"
              + " come since against go came right used take three system data backup storage"
              + " network server client file disk volume cluster node service request response"
              + " policy snapshot archive restore encryption key memory process thread queue cache"
              + " index table record value result error warning report update version release"
              + " build test deploy configuration user account customer order payment invoice"
              + " product price market team project plan meeting review design document page"
              + " section chapter example problem solution question answer reason effect change"
              + " history model method theory analysis research evidence study group company"
              + " country city house room water light power money family friend business school"
              + " number point case part place week month night hour minute morning evening road"
              + " car train ship plane river mountain forest garden window door table chair paper"
              + " letter story book word name line side end level form order idea fact area"
              + " course moment interest price value rate cost support help control security"
              + " access password certificate signature storage bucket region zone replica quorum"
              + " leader follower election timeout retry backoff latency throughput bandwidth"
              + " capacity quota limit budget schedule deadline milestone release candidate patch"
              + " minor major critical severe stable beta alpha draft final approved rejected"
              + " pending running stopped failed succeeded completed cancelled expired renewed"
              + " rotated migrated upgraded downgraded compressed encrypted verified validated"
              + " important possible different small large early young public private local"
              + " national social political economic general certain personal recent available"
              + " likely similar simple strong clear free full special easy whole real best"
              + " better sure low high short open close true false hard late able current"
              + " quickly slowly carefully usually often always sometimes never again later"
              + " already almost perhaps however therefore although though unless whether"
              + " within without during before after above below across along around behind"
              + " beyond toward upon among against despite except inside outside instead"
              + " says told asked found given shown known thought called seemed turned started"
              + " showed heard played moved lived believed brought happened wrote provided sat"
              + " stood lost paid met included continued set learned led understood watched"
              + " followed stopped created spoke read allowed added spent grew opened walked won"
              + " offered remembered loved considered appeared bought waited served died sent"
              + " expected built stayed fell cut reached killed remained suggested raised passed"
              + " sold required reported decided pulled");

  private static final byte[][] FIRST =
      ascii(
          "james mary john patricia robert jennifer michael linda william elizabeth david"
              + " barbara richard susan joseph jessica thomas sarah charles karen anna lukas"
              + " sofia noah emma liam mia elias lea felix marie paul laura jonas lena david"
              + " hannah maximilian clara leon julia ben lina");
  private static final byte[][] LAST =
      ascii(
          "smith johnson williams brown jones garcia miller davis rodriguez martinez"
              + " hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin"
              + " mueller schmidt schneider fischer weber meyer wagner becker schulz hoffmann"
              + " koch richter klein wolf neumann schwarz zimmermann braun krueger hofmann");
  private static final byte[][] FIRST_CAP = capitalized(FIRST);
  private static final byte[][] LAST_CAP = capitalized(LAST);
  private static final byte[][] DOMAINS =
      ascii("example.com mail.example.org corp.example.net gmail.com outlook.com web.de posteo.de");
  private static final byte[][] CITIES =
      ascii(
          "Berlin Hamburg Munich Cologne Frankfurt Stuttgart Leipzig Dresden Vienna Zurich"
              + " Amsterdam Rotterdam Paris Lyon Madrid Barcelona Lisbon Rome Milan Prague Warsaw"
              + " London Manchester Dublin Oslo Stockholm Copenhagen Helsinki Boston Chicago"
              + " Seattle Austin Denver Toronto Montreal");

  private static final byte[][] LOGGERS =
      ascii(
          "com.example.orders.OrderService com.example.orders.OrderController"
              + " com.example.billing.InvoiceJob com.example.auth.LoginHandler"
              + " com.example.auth.TokenValidator com.example.http.AccessLog"
              + " com.example.cache.RedisCache com.example.db.ConnectionPool"
              + " com.example.mail.SmtpSender com.example.search.IndexUpdater"
              + " com.example.catalog.ProductRepository com.example.scheduler.JobRunner"
              + " com.example.payments.PaymentGateway com.example.shipping.ShipmentTracker");
  private static final byte[][] CLASS_FILES =
      Arrays.stream(LOGGERS)
          .map(l -> new String(l, StandardCharsets.US_ASCII))
          .map(l -> l.substring(l.lastIndexOf('.') + 1) + ".java")
          .map(DatasetGenerator::b)
          .toArray(byte[][]::new);
  private static final byte[][] CALLS =
      ascii(
          "handle process execute run apply invoke doFilter service call lambda$run$0 accept get");
  private static final byte[][] RESOURCES =
      ascii(
          "orders customers products invoices sessions carts payments shipments reviews users"
              + " coupons addresses");
  private static final byte[][] METHODS = ascii("GET POST PUT DELETE PATCH");
  private static final byte[][] STATUSES =
      ascii("200 200 200 201 204 301 304 400 401 403 404 409 429 500 502 503");
  private static final byte[][] AGENTS =
      ascii(
          "Mozilla/5.0_(Windows_NT_10.0;_Win64;_x64)_Firefox/128.0"
              + " Mozilla/5.0_(Macintosh;_Intel_Mac_OS_X_14_5)_Safari/605.1.15"
              + " Mozilla/5.0_(X11;_Linux_x86_64)_Chrome/126.0.0.0 okhttp/4.12.0"
              + " ExampleApp/3.4.1_(iPhone;_iOS_17.5) ExampleApp/3.4.0_(Android_14)");
  private static final byte[][] JOBS =
      ascii(
          "nightly-report cache-warmup invoice-export search-reindex session-cleanup"
              + " metrics-rollup newsletter-send backup-verify");
  private static final byte[][] TABLES =
      ascii("orders order_items customers products payments audit_log shipments sessions");
  private static final byte[][] ORDER_STATES =
      ascii("new paid packed shipped delivered returned cancelled");
  private static final byte[][] EXCEPTIONS =
      ascii(
          "java.io.IOException:_Connection_reset_by_peer"
              + " java.net.SocketTimeoutException:_Read_timed_out"
              + " java.sql.SQLTransientConnectionException:_HikariPool-1_-_Connection_is_not"
              + "_available,_request_timed_out_after_30000ms."
              + " java.lang.IllegalStateException:_order_already_shipped"
              + " java.lang.NullPointerException:_Cannot_invoke_\"String.length()\"_because"
              + "_\"name\"_is_null"
              + " org.springframework.dao.OptimisticLockingFailureException:_Row_was_updated"
              + "_or_deleted_by_another_transaction");
  private static final String[] SERVICES = {
    "api", "gateway", "worker", "billing", "auth", "search", "scheduler", "mailer"
  };
  private static final String[] TOPICS = {
    "handbook", "runbook", "meeting-notes", "design", "report", "chapter", "proposal", "faq"
  };
  private static final String[] MEDIA_NAMES = {"video", "photos", "archive"};
  private static final String[] MEDIA_EXT = {".mp4", ".jpg", ".zip"};
  private static final String[] SMALL_DIRS = {
    "src", "docs", "assets", "config", "test", "lib", "notes", "mail"
  };
  private static final String[] SMALL_SUBDIRS = {"2022", "2023", "2024", "archive"};
  private static final String[] SMALL_EXTENSIONS = {".md", ".txt", ".log", ".jpg", ".bin"};

  private static final byte[] H1 = b("# ");
  private static final byte[] H2 = b("## ");
  private static final byte[] INFO = b("INFO ");
  private static final byte[] DEBUG = b("DEBUG");
  private static final byte[] WARN = b("WARN ");
  private static final byte[] ERROR = b("ERROR");
  private static final byte[] THREAD_HTTP = b("http-nio-8080-exec-");
  private static final byte[] THREAD_WORKER = b("worker-");
  private static final byte[] THREAD_SCHEDULER = b("scheduling-");
  private static final byte[] THREAD_HOUSEKEEPING = b("HikariPool-1 housekeeper-");
  private static final byte[] DASH = b(" - ");
  private static final byte[] API = b("/api/v1/");
  private static final byte[] MS = b("ms");
  private static final byte[] BYTES = b("B");
  private static final byte[] USER = b(" user=");
  private static final byte[] TRACE = b(" trace=");
  private static final byte[] ORDER = b("Order ");
  private static final byte[] CREATED = b(" created for customer ");
  private static final byte[] COLON = b(": ");
  private static final byte[] ITEMS = b(" items, total ");
  private static final byte[] EUR = b(" EUR\n");
  private static final byte[] CACHE_HIT = b("Cache hit for ");
  private static final byte[] CACHE_MISS = b("Cache miss for ");
  private static final byte[] TTL = b(" (ttl=");
  private static final byte[] USER_WORD = b("User ");
  private static final byte[] FROM = b(" logged in from 10.");
  private static final byte[] USING = b(" using ");
  private static final byte[] JOB = b("Job ");
  private static final byte[] FINISHED = b(" finished in ");
  private static final byte[] MS_COMMA = b(" ms, ");
  private static final byte[] RECORDS = b(" records processed, ");
  private static final byte[] SKIPPED = b(" skipped\n");
  private static final byte[] POOL = b("Pool stats (total=20, active=");
  private static final byte[] IDLE = b(", idle=");
  private static final byte[] WAITING = b(", waiting=");
  private static final byte[] CLOSE_PAREN = b(")\n");
  private static final byte[] PROCESSING = b("Processing ");
  private static final byte[] BATCH = b(" batch ");
  private static final byte[] SLOW_QUERY = b("Slow query took ");
  private static final byte[] SELECT = b(" ms: SELECT * FROM ");
  private static final byte[] WHERE_ID = b(" WHERE id = ");
  private static final byte[] AND_STATUS = b(" AND status = '");
  private static final byte[] FAILED = b("Failed to process ");
  private static final byte[] AT = b("\tat ");
}
