package dev.holdfast.core.repository;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.RepositoryExists;
import dev.holdfast.core.RepositoryNotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.cache.SealedCacheFile;
import dev.holdfast.core.chunking.FastCdc;
import dev.holdfast.core.content.BlobWriteSession;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.content.IndexFile;
import dev.holdfast.core.content.PackReader;
import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.KdfParams;
import dev.holdfast.core.crypto.KeySlot;
import dev.holdfast.core.crypto.MasterKey;
import dev.holdfast.core.id.IndexId;
import dev.holdfast.core.id.KeyId;
import dev.holdfast.core.snapshot.PinStore;
import dev.holdfast.core.snapshot.SnapshotCache;
import dev.holdfast.core.snapshot.SnapshotStore;
import dev.holdfast.core.snapshot.TreeStore;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.Retention;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An open repository: its storage, its unlocked master key and config, and the stores built on them
 * (index, packs, trees, snapshots, keys). The composition root that every job starts from; it holds
 * secrets only in memory and never prints them. Thread-safe.
 */
public final class Repository implements AutoCloseable {
  /** Largest config blob a reader accepts. */
  static final long MAX_CONFIG_BYTES = 64 * 1024;

  /** Largest index file a reader accepts (about 1.3 million entries). */
  public static final long MAX_INDEX_FILE_BYTES = 64L * 1024 * 1024;

  private final BlobStore store;
  private final MasterKey key;
  private final KeySlot openedWith;
  private final RepositoryConfig config;
  private final SecureRandom random;
  private final Clock clock;
  private final KeyRing keyRing;
  private final PackReader packReader;
  private volatile SnapshotStore snapshots;
  private final PinStore pins;
  private volatile IndexLoader.Loaded loadedIndex;
  private volatile TreeStore trees;
  private volatile LocalCache localCache;

  private Repository(
      BlobStore store,
      MasterKey key,
      KeySlot openedWith,
      RepositoryConfig config,
      SecureRandom random,
      Clock clock) {
    this.store = store;
    this.key = key;
    this.openedWith = openedWith;
    this.config = config;
    this.random = random;
    this.clock = clock;
    this.keyRing = new KeyRing(store, random, clock);
    this.packReader = new PackReader(store, key);
    this.snapshots = new SnapshotStore(store, key.objectSealer(), random);
    this.pins = new PinStore(store, key.objectSealer(), clock);
  }

  /**
   * Creates a new repository in {@code store} with one key slot for {@code passphrase}.
   *
   * @throws RepositoryExists when the store already holds a repository config
   */
  public static Repository init(
      BlobStore store,
      char[] passphrase,
      InitOptions options,
      String host,
      String user,
      Clock clock) {
    if (options.objectLock().isPresent()) {
      // Before anything is written: a store that cannot keep blobs immutable refuses here.
      store = store.withRetention(options.objectLock().get().retention());
    }
    if (store.stat(BlobName.CONFIG).isPresent()) {
      throw new RepositoryExists("a repository already exists at " + store.location());
    }
    SecureRandom random = new SecureRandom();
    MasterKey key = MasterKey.generate(random);
    byte[] repoId = new byte[16];
    random.nextBytes(repoId);
    RepositoryConfig config =
        new RepositoryConfig(
            RepositoryConfig.CURRENT_VERSION,
            HexFormat.of().formatHex(repoId),
            clock.instant(),
            options.chunkerAlgorithm(),
            options.chunker(),
            "zstd",
            options.compressionLevel(),
            options.packSize(),
            options.objectLock().orElse(null));
    KeyRing ring = new KeyRing(store, random, clock);
    KeySlot slot = ring.add(key, passphrase, options.kdf(), host, user);
    // The config is written last: until it exists, the folder is not a repository.
    byte[] sealedConfig = ConfigCodec.encode(config, key.objectSealer());
    if (!store.putIfAbsent(BlobName.CONFIG, sealedConfig) && !storedConfigIs(store, sealedConfig)) {
      store.delete(KeyRing.nameOf(slot.id()));
      throw new RepositoryExists("a repository already exists at " + store.location());
    }
    return new Repository(store, key, slot, config, random, clock);
  }

  /**
   * True when the stored config is {@code ours}: a put whose answer was lost (a connection reset)
   * may have stored it, and its retry then finds the name taken. The sealed config starts with a
   * fresh random salt, so another repository's config never has the same bytes.
   */
  private static boolean storedConfigIs(BlobStore store, byte[] ours) {
    return MessageDigest.isEqual(store.get(BlobName.CONFIG, MAX_CONFIG_BYTES), ours);
  }

  /**
   * Opens the repository in {@code store} with {@code passphrase}.
   *
   * @throws RepositoryNotFound when there is no repository config
   * @throws dev.holdfast.core.WrongPassphrase when no key slot opens
   */
  public static Repository open(BlobStore store, char[] passphrase, Clock clock) {
    return open(store, passphrase, clock, Optional.empty());
  }

  /**
   * Opens the repository as {@link #open(BlobStore, char[], Clock)} does, keeping the data this
   * repository object stores immutable for {@code retainAtLeast} instead of the object lock's own
   * period ({@code backup --retain-days}).
   *
   * @throws UsageError when the repository has no object lock, or {@code retainAtLeast} is shorter
   *     than its lock's period (a writer may lengthen the protection, never shorten it)
   */
  public static Repository open(
      BlobStore store, char[] passphrase, Clock clock, Duration retainAtLeast) {
    return open(store, passphrase, clock, Optional.of(retainAtLeast));
  }

  private static Repository open(
      BlobStore store, char[] passphrase, Clock clock, Optional<Duration> retainAtLeast) {
    byte[] configBlob;
    try {
      configBlob = store.get(BlobName.CONFIG, MAX_CONFIG_BYTES);
    } catch (NoSuchBlob e) {
      throw new RepositoryNotFound(
          "there is no Holdfast repository at "
              + store.location()
              + " (create one with 'holdfast init')");
    }
    ConfigCodec.checkHeader(configBlob, store.location());
    SecureRandom random = new SecureRandom();
    KeyRing.Unlocked unlocked = new KeyRing(store, random, clock).unlock(passphrase);
    RepositoryConfig config =
        ConfigCodec.decode(configBlob, unlocked.key().objectSealer(), store.location());
    BlobStore writing;
    try {
      writing = withObjectLock(store, config, retainAtLeast);
    } catch (RuntimeException e) {
      unlocked.key().destroy();
      throw e;
    }
    return new Repository(writing, unlocked.key(), unlocked.slot(), config, random, clock);
  }

  /**
   * The store through which this repository writes: with the config's object lock, every writer
   * keeps new data immutable, so a writer cannot forget it (docs/DESIGN.md, "Object lock").
   */
  private static BlobStore withObjectLock(
      BlobStore store, RepositoryConfig config, Optional<Duration> retainAtLeast) {
    if (config.objectLock() == null) {
      if (retainAtLeast.isPresent()) {
        throw new UsageError(
            "the repository at "
                + store.location()
                + " has no object lock, so its data cannot be retained longer");
      }
      return store;
    }
    Retention retention = config.objectLock().retention();
    if (retainAtLeast.isPresent()) {
      try {
        retention = retention.lengthenedTo(retainAtLeast.get());
      } catch (IllegalArgumentException e) {
        throw new UsageError(e.getMessage());
      }
    }
    try {
      return store.withRetention(retention);
    } catch (UsageError e) {
      // Reading, restoring and checking need no lock; only storing backup data is refused.
      return new WritesNeedRetention(store, e.getMessage());
    }
  }

  public BlobStore store() {
    return store;
  }

  public MasterKey key() {
    return key;
  }

  public RepositoryConfig config() {
    return config;
  }

  public SecureRandom random() {
    return random;
  }

  public Clock clock() {
    return clock;
  }

  public PackReader packs() {
    return packReader;
  }

  public SnapshotStore snapshots() {
    return snapshots;
  }

  /**
   * From now on, lists snapshots through a local cache of decoded manifests in the folder {@code
   * <root>/<repositoryId>}, sealed with a subkey of the master key (docs/DESIGN.md, "Snapshot
   * cache"). Call it right after opening, before any job runs. Problems with the cache never fail a
   * command: each is one line to {@code warnings}, and the listing reads storage instead. Other
   * modules keep their cache files in the same folder ({@link #cacheFile}).
   */
  public void cacheSnapshotsIn(Path root, Consumer<String> warnings) {
    SnapshotCache cache;
    try {
      cache = new SnapshotCache(root, config.repositoryId(), key.cacheSealer(), warnings);
    } catch (IllegalArgumentException e) {
      warnings.accept("not caching snapshots: " + e.getMessage());
      return;
    }
    snapshots = snapshots.withCache(cache);
    localCache = new LocalCache(root, warnings);
  }

  /** Where {@link #cacheSnapshotsIn} put the local cache, and whom its problems are told. */
  private record LocalCache(Path root, Consumer<String> warnings) {}

  /**
   * The file {@code name} of this repository's local cache, beside the snapshot cache, sealed under
   * a subkey of its own ({@link MasterKey#cacheSealer(String)} of {@code name}): how other modules
   * cache what they read from the repository (holdfast-sast's report cache). Empty unless {@link
   * #cacheSnapshotsIn} turned the local cache on, so that {@code --no-cache} and the engine's
   * default read everything from storage.
   *
   * @param magic the file's first four bytes (ASCII), different for each kind of file
   * @param version the format version of its contents
   */
  public Optional<SealedCacheFile> cacheFile(String name, String label, String magic, int version) {
    LocalCache c = localCache;
    if (c == null) {
      return Optional.empty();
    }
    return Optional.of(
        new SealedCacheFile(
            c.root(),
            config.repositoryId(),
            name,
            label,
            magic,
            version,
            key.cacheSealer(name),
            c.warnings()));
  }

  /** The deletion records of prunes that wait to delete condemned packs. */
  public Deletions deletions() {
    return new Deletions(store, key.objectSealer(), random);
  }

  /** Pinned snapshots, which retention never removes. */
  public PinStore pins() {
    return pins;
  }

  /** A chunker configured as this repository was created, keyed with its secret seed. */
  public FastCdc chunker() {
    return new FastCdc(config.chunkerAlgorithm(), config.chunker(), key.chunkerSeed());
  }

  /** The index of every chunk, loaded from all index files on first use. */
  public ChunkIndex index() {
    return loadIndex().index();
  }

  /**
   * Drops the loaded index (and the tree cache built on it), so the next use reads the index files
   * again. Taking a repository lock calls this: what a writer deduplicates against must be read
   * while its lock is visible to prune (docs/DESIGN.md, "Prune").
   */
  public void reloadIndexOnNextUse() {
    synchronized (this) {
      loadedIndex = null;
      trees = null;
    }
  }

  /** Index files that could not be read when the index was loaded (reported by check). */
  public List<CorruptObject> unreadableIndexFiles() {
    return loadIndex().unreadable();
  }

  /** Ids of the index files loaded. */
  public List<IndexId> indexFiles() {
    return loadIndex().files();
  }

  /** Trees, read through the index. */
  public TreeStore trees() {
    TreeStore t = trees;
    if (t == null) {
      synchronized (this) {
        if (trees == null) {
          trees = new TreeStore(index(), packReader);
        }
        t = trees;
      }
    }
    return t;
  }

  /**
   * A session for storing new blobs into this repository, packed and compressed as its config says.
   *
   * @param uploads how many packs may be uploading at once
   * @param packsPerIndexFile packs named by one index file
   */
  public BlobWriteSession newWriteSession(int uploads, int packsPerIndexFile) {
    return new BlobWriteSession(
        store,
        key,
        index(),
        random,
        config.packSize(),
        config.compressionLevel(),
        uploads,
        packsPerIndexFile);
  }

  /** The key slot this repository was opened with. */
  public KeySlot openedWith() {
    return openedWith;
  }

  /** Every key slot. */
  public List<KeySlot> keys() {
    return keyRing.list();
  }

  /** Adds a key slot for another passphrase. */
  public KeySlot addKey(char[] passphrase, KdfParams kdf, String host, String user) {
    return keyRing.add(key, passphrase, kdf, host, user);
  }

  /**
   * Removes the key slot whose id starts with {@code prefix} (never the one in use, nor the last).
   */
  public KeyId removeKey(String prefix) {
    KeyId id = keyRing.resolve(prefix);
    keyRing.remove(id, openedWith.id());
    return id;
  }

  /**
   * Changes the passphrase of the slot in use: a new slot is written first, then the old one is
   * removed, so a crash in between leaves both passphrases working, never neither.
   */
  public KeySlot changePassphrase(char[] newPassphrase, KdfParams kdf, String host, String user) {
    KeySlot added = keyRing.add(key, newPassphrase, kdf, host, user);
    store.delete(KeyRing.nameOf(openedWith.id()));
    return added;
  }

  /** Reads the sealed index file {@code id}. */
  public IndexFile readIndexFile(IndexId id) {
    BlobName name = new BlobName(BlobKind.INDEX, id.toHex());
    byte[] plain;
    try {
      plain = key.objectSealer().open(name.path(), store.get(name, MAX_INDEX_FILE_BYTES));
    } catch (AuthenticationFailed e) {
      throw new CorruptObject("index file " + id + " failed authentication (modified or damaged)");
    }
    try {
      return IndexFile.decode(plain);
    } catch (IllegalArgumentException e) {
      throw new CorruptObject("index file " + id + " is malformed: " + e.getMessage());
    }
  }

  private IndexLoader.Loaded loadIndex() {
    IndexLoader.Loaded l = loadedIndex;
    if (l == null) {
      synchronized (this) {
        if (loadedIndex == null) {
          loadedIndex = new IndexLoader(store, this::readIndexFile).load();
        }
        l = loadedIndex;
      }
    }
    return l;
  }

  @Override
  public void close() {
    key.destroy();
    store.close();
  }
}
