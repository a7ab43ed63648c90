/**
 * Cryptography of the repository format, version 1: the master key, authenticated encryption of
 * stored objects and pack blobs, keyed chunk ids and passphrase key slots. {@code docs/FORMAT.md}
 * is the normative description; this is its summary.
 *
 * <h2>Primitives</h2>
 *
 * <ul>
 *   <li>AEAD: AES-256-GCM, 12-byte nonce, 16-byte tag (JDK {@code AES/GCM/NoPadding}).
 *   <li>{@code HKDF(ikm, salt, info)}: HKDF-SHA256 (RFC 5869) with 32 bytes of output; {@code info}
 *       is the ASCII string shown. An empty salt is the RFC's "not provided".
 *   <li>Argon2id version 1.3 (RFC 9106), no secret, no associated data, 32 bytes of output.
 * </ul>
 *
 * <h2>Master key</h2>
 *
 * <p>64 random bytes: {@code encKey = bytes[0,32)}, {@code idKey = bytes[32,64)}. It is only ever
 * stored wrapped in key slots.
 *
 * <ul>
 *   <li>chunker seed = {@code HKDF(idKey, empty, "holdfast/v1/chunker")}
 *   <li>chunk id = {@code HMAC-SHA-256(idKey, chunk plaintext)} (32 bytes); keyed, so the storage
 *       provider cannot test whether a known file is stored.
 * </ul>
 *
 * <h2>Sealed objects</h2>
 *
 * <p>Config, index files and snapshot manifests, each a standalone blob:
 *
 * <pre>
 *   0x01 (format byte) || salt[32] || ciphertext[n] || tag[16]      (n = plaintext length)
 *
 *   key   = HKDF(encKey, salt, "holdfast/v1/object")
 *   nonce = 12 zero bytes
 *   AAD   = UTF-8 of the blob's storage name, e.g. "snapshots/ab12..."
 * </pre>
 *
 * The salt is fresh and random for every object, so every object has its own key, used for one
 * encryption only: the fixed nonce never repeats under a key. The AAD makes an object moved or
 * copied to another name fail authentication. Any other format byte, or fewer than 49 bytes, fails
 * as an authentication failure.
 *
 * <p>Local caches (the snapshot cache) are sealed the same way under {@code key = HKDF(encKey,
 * salt, "holdfast/v1/cache")}: a subkey of their own, so a cache file never opens as a repository
 * object, nor a repository object as a cache.
 *
 * <h2>Pack blobs</h2>
 *
 * <pre>
 *   pack header holds packSalt[32] in clear (fresh and random for every pack)
 *   packKey = HKDF(encKey, packSalt, "holdfast/v1/pack")
 *   blob    = ciphertext[n] || tag[16]
 *   nonce   = 00 00 00 00 || uint64 big-endian: the blob's byte offset in the pack,
 *                            or 0x7fffffffffffffff (Long.MAX_VALUE) for the pack trailer
 *   AAD     = chosen by the pack layer: type byte || chunk id
 * </pre>
 *
 * <p>Why a (key, nonce) pair never repeats, however large the repository: every pack draws a fresh
 * 256-bit random salt, so every pack has its own subkey (two packs share one with probability about
 * {@code p^2 / 2^257} for {@code p} packs, negligible for any conceivable {@code p}). Under one
 * pack key only the blobs of that pack are encrypted, at most 2^31 bytes, and their nonces are
 * their byte offsets, distinct because blobs do not overlap, plus {@code Long.MAX_VALUE} for the
 * trailer, which no offset reaches. Nonces are therefore unique by construction rather than by
 * chance, and the 2^32-encryptions limit of NIST SP 800-38D for random nonces under one key does
 * not apply; the repository's total size is not bounded by GCM. The one duty of the pack layer: a
 * pack that is rewritten (for example after a failed upload) must be written with a new {@link
 * dev.holdfast.core.crypto.PackCipher}, hence a new salt, never by re-encrypting under the old one.
 *
 * <h2>Key slots</h2>
 *
 * <p>Stored unencrypted as UTF-8 JSON at {@code keys/<KeyId hex>}; they are the header that names
 * the KDF parameters. Fields, in this order:
 *
 * <pre>
 * {"version":1,
 *  "kdf":{"algorithm":"argon2id","memoryKiB":65536,"iterations":3,"parallelism":1,
 *         "salt":"&lt;base64 of 32 bytes&gt;"},
 *  "created":"&lt;ISO-8601 instant&gt;","host":"...","username":"...",
 *  "wrappedKey":"&lt;base64 of nonce[12] || ciphertext[64] || tag[16]&gt;"}
 *
 *   kek   = Argon2id(UTF-8(NFC(passphrase)), salt, memoryKiB, iterations, parallelism)
 *   nonce = 12 random bytes
 *   AAD   = UTF-8 of "holdfast/v1/key/" + KeyId hex (64 lower-case chars) + "/argon2id/"
 *           + memoryKiB + "/" + iterations + "/" + parallelism      (decimal)
 *   wrappedKey = nonce || AES-256-GCM(kek, nonce, master key 64 bytes, AAD)
 * </pre>
 *
 * The passphrase is normalised to Unicode NFC so that composed and decomposed input open the same
 * slot. The AAD binds the slot's name and KDF parameters: editing them, or renaming the file, makes
 * unlocking fail. Readers accept at most 64 KiB, exactly these fields, base64 with standard
 * alphabet, and KDF parameters within {@link dev.holdfast.core.crypto.KdfParams}' bounds (at most 2
 * GiB of memory, 64 iterations, 16 lanes), so a tampered slot cannot exhaust memory.
 */
package dev.holdfast.core.crypto;
