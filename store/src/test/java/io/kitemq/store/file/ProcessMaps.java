package io.kitemq.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What this process has mapped of the files under a directory, read from Linux's {@code /proc/self/maps}, where a
 * file deleted while mapped shows as its old path followed by {@code " (deleted)"}. Tests only.
 */
public final class ProcessMaps {

    private static final Path MAPS = Path.of("/proc/self/maps");
    private static final String DELETED = " (deleted)";

    private ProcessMaps() {}

    /** True where mappings can be listed (Linux) and files are unmapped at release rather than by the collector. */
    public static boolean available() {
        return Files.isReadable(MAPS) && !MappedRegion.releaseMethod().equals("gc");
    }

    /** Bytes mapped of files under {@code dir} (deleted or not; with {@code deletedOnly}, only deleted ones). */
    public static long mappedBytesUnder(Path dir, boolean deletedOnly) {
        String prefix = dir.toAbsolutePath().toString() + "/";
        long total = 0;
        try {
            for (String line : Files.readAllLines(MAPS)) {
                // address perms offset dev inode path
                String[] f = line.trim().split("\\s+", 6);
                if (f.length < 6) {
                    continue;
                }
                String path = f[5];
                boolean deleted = path.endsWith(DELETED);
                if (deleted) {
                    path = path.substring(0, path.length() - DELETED.length());
                }
                if (!path.startsWith(prefix) || (deletedOnly && !deleted)) {
                    continue;
                }
                String[] range = f[0].split("-");
                total += Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }
}
