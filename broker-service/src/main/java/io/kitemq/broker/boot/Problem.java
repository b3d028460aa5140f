package io.kitemq.broker.boot;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The REST API's errors: an {@link ErrorResponseException} carrying an RFC 9457 problem ({@code
 * application/problem+json}) with a human-readable {@code detail} and, where useful, extra members
 * (such as the queue's offsets when an offset is out of range).
 *
 * <p>Stateless factories; thread-safe.
 */
final class Problem {

    private Problem() {}

    static ErrorResponseException of(HttpStatus status, String detail) {
        return of(status, detail, Map.of());
    }

    static ErrorResponseException of(HttpStatus status, String detail, Map<String, Object> properties) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        properties.forEach(body::setProperty);
        return new ErrorResponseException(status, body, null);
    }

    static ErrorResponseException badRequest(String detail) {
        return of(HttpStatus.BAD_REQUEST, detail);
    }

    static ErrorResponseException notFound(String detail) {
        return of(HttpStatus.NOT_FOUND, detail);
    }

    static ErrorResponseException forbidden(String detail) {
        return of(HttpStatus.FORBIDDEN, detail);
    }

    static ErrorResponseException tooLarge(String detail) {
        return of(HttpStatus.CONTENT_TOO_LARGE, detail);
    }

    /** An offset outside {@code [min, max]} of a queue; the problem carries both bounds. */
    static ErrorResponseException offsetOutOfRange(String topic, int queueId, long offset, long min, long max) {
        return of(
                HttpStatus.BAD_REQUEST,
                "offset " + offset + " is out of range for " + topic + " queue " + queueId + ": valid offsets are "
                        + min + " to " + max,
                Map.of("minOffset", min, "maxOffset", max));
    }
}
