package io.kitemq.store.index;

import java.nio.file.Path;

/** An index file whose header or contents are inconsistent; its owner deletes it and re-indexes. */
public final class CorruptIndexException extends RuntimeException {

    private final Path file;

    public CorruptIndexException(Path file, String problem) {
        super("index file " + file + " " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
