package io.kitemq.store;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Messages found by key, newest first, plus what QUERY_MESSAGE reports about the index's freshness.
 *
 * @param records views of whole stored records
 */
public record QueryResult(List<ByteBuffer> records, long indexLastUpdateTimestamp, long indexLastUpdatePhyOffset) {}
