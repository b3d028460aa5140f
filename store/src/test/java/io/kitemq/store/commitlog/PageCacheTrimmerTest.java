package io.kitemq.store.commitlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.kitemq.store.TestMessages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which CommitLog ranges the trimmer drops, recorded instead of dropped, over tiny segments. */
class PageCacheTrimmerTest {

    static final int SEGMENT = 4096;

    @TempDir
    Path dir;

    CommitLog log;

    /** Records each call as {segment base, offset in the file, length}; refuses them all once told to. */
    static final class RecordingDropper implements PageCacheTrimmer.PageDropper {
        final List<long[]> drops = new ArrayList<>();
        boolean refuse;

        @Override
        public boolean drop(Path file, long offset, long length) {
            if (refuse) {
                return false;
            }
            drops.add(new long[] {Segment.parseBase(file.getFileName().toString()), offset, length});
            return true;
        }
    }

    /** A fresh log with 100 records over more than five segments. */
    CommitLog logOfHundredRecords() {
        log = CommitLog.open(dir, SEGMENT);
        log.setWritePosition(0);
        for (int i = 0; i < 100; i++) {
            TestMessages.appendRecord(log, "T", new byte[300]);
        }
        assertThat(log.segments().size()).isGreaterThan(5);
        return log;
    }

    @AfterEach
    void closeLog() {
        if (log != null) {
            log.abandon();
        }
    }

    /** Asserts that {@code drops} cover exactly {@code [from, to)}, in order, each within one segment. */
    static void assertCover(List<long[]> drops, long from, long to) {
        long at = from;
        for (long[] d : drops) {
            assertThat(d[0] + d[1]).as("drops are contiguous").isEqualTo(at);
            assertThat(d[1] + d[2]).as("a drop stays within its segment").isLessThanOrEqualTo(SEGMENT);
            at += d[2];
        }
        assertThat(at).isEqualTo(to);
    }

    @Test
    void dropsCachedPagesOnlyBelowTheFlushedEndInStepsThatPickUpWhereTheLastEnded() {
        CommitLog log = logOfHundredRecords();
        RecordingDropper dropper = new RecordingDropper();
        PageCacheTrimmer trimmer = new PageCacheTrimmer(log, dropper);
        List<long[]> drops = dropper.drops;
        assertThat(trimmer.dropCachedBelow(log.writePosition()))
                .as("nothing flushed yet")
                .isZero();
        assertThat(drops).isEmpty();

        long flushed = log.flush();
        long limit = flushed - SEGMENT - 100; // mid-page: rounded down to whole pages (a segment here is one)
        long page = limit & -4096;
        assertThat(trimmer.dropCachedBelow(limit)).isEqualTo(page);
        assertCover(drops, 0, page);
        assertThat(trimmer.droppedTo()).isEqualTo(page);

        drops.clear();
        assertThat(trimmer.dropCachedBelow(page + SEGMENT - 1))
                .as("less than a step more")
                .isZero();
        assertThat(drops).isEmpty();

        for (int i = 0; i < 20; i++) { // written, not flushed: never dropped, however far the limit
            TestMessages.appendRecord(log, "T", new byte[300]);
        }
        long flushedPage = flushed & -4096;
        assertThat(trimmer.dropCachedBelow(Long.MAX_VALUE)).isEqualTo(flushedPage - page);
        assertCover(drops, page, flushedPage);
        assertThat(trimmer.droppedTo()).isEqualTo(flushedPage);
    }

    @Test
    void droppingSkipsWhatRetentionDeletedAndStartsWhereTheStoreSaysAtOpen() {
        CommitLog log = logOfHundredRecords();
        RecordingDropper dropper = new RecordingDropper();
        PageCacheTrimmer trimmer = new PageCacheTrimmer(log, dropper);
        long flushed = log.flush();
        trimmer.dropCachedFrom(SEGMENT + 10); // as a store opening with a window: what came before is left alone
        assertThat(log.deleteOldestIfBelow(2 * SEGMENT)).isNotNull();
        assertThat(log.deleteOldestIfBelow(2 * SEGMENT)).isNotNull(); // now the oldest starts at 2 segments
        long limit = 4L * SEGMENT + 5;
        assertThat(trimmer.dropCachedBelow(limit)).isEqualTo(2 * SEGMENT);
        assertCover(dropper.drops, 2 * SEGMENT, 4 * SEGMENT);

        dropper.drops.clear();
        // a dropper that cannot drop (a file deleted meanwhile, advice refused) is not counted, and not retried
        dropper.refuse = true;
        assertThat(trimmer.dropCachedBelow(flushed)).isZero();
        assertThat(trimmer.droppedTo()).isEqualTo(flushed & -4096);
    }
}
