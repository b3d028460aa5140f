package io.kitemq.broker.send;

import io.kitemq.protocol.header.SendMessageRequestHeader;

/** A decoded send: its header (v2 already converted) and whether the body is a batch. */
record SendRequest(SendMessageRequestHeader header, boolean batch) {}
