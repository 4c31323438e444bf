package io.hookgate.deploy;

import io.hookgate.model.crypto.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The master key for secrets at rest: {@code HOOKGATE_MASTER_KEY} when set; otherwise the key in
 * {@code <data dir>/master.key}, generated (readable by the owner only) on the first start. Processes
 * that share a database must share this key: set the variable in every one of them.
 */
final class MasterKey {
    static final String FILE = "master.key";
    private static final Logger LOG = LoggerFactory.getLogger(MasterKey.class);

    private MasterKey() {
    }

    static SecretBox load(String configured, Path dataDir) throws IOException {
        if (configured != null) {
            return SecretBox.fromBase64(configured);
        }
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, SecretBox.generateKey() + "\n", StandardCharsets.US_ASCII);
                LOG.warn("Generated a master key in {}: back it up, or set HOOKGATE_MASTER_KEY; "
                        + "connection secrets cannot be read without it", file.toAbsolutePath());
            } catch (FileAlreadyExistsException e) {
                // Another process created it first: use theirs.
            }
        }
        try {
            return SecretBox.fromBase64(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " does not hold a base64 256-bit key: " + e.getMessage());
        }
    }
}
