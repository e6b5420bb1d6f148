package io.cdckit.converters.compat;

/** Which schema reads and which one wrote, in one compatibility check. */
public enum Direction {
    /** The new (candidate) schema reads data written with an old version: the BACKWARD check. */
    NEW_READS_OLD("new reads old"),
    /** An old version reads data written with the new (candidate) schema: the FORWARD check. */
    OLD_READS_NEW("old reads new");

    private final String words;

    Direction(String words) {
        this.words = words;
    }

    /** Readable form, e.g. {@code "new reads old"}. */
    public String words() {
        return words;
    }
}
