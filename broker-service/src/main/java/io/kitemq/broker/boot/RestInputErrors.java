package io.kitemq.broker.boot;

import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/**
 * Problems for requests the REST API cannot read — malformed JSON, a missing or mistyped parameter —
 * whose {@code detail} says what was wrong (Spring's default says only "Failed to read HTTP message").
 * Applies to this package's controllers; stateless and thread-safe.
 */
@RestControllerAdvice(basePackageClasses = RestInputErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RestInputErrors {

    private static final int MAX_DETAIL_CHARS = 300;

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
        String detail = e.getReason() == null ? "bad request" : e.getReason();
        MethodParameter parameter = e.getMethodParameter();
        String name = parameter == null ? null : parameter.getParameterName();
        if (name != null
                && !parameter.hasParameterAnnotation(RequestBody.class)
                && !detail.contains("'" + name + "'")) {
            detail = detail + " (parameter '" + name + "')";
        }
        Throwable root = rootCause(e);
        // the parser's or converter's words say where the input went wrong; Spring's own name handler methods
        if (root != e && root.getMessage() != null && !root.getClass().getName().startsWith("org.springframework.")) {
            detail = detail + ": " + firstLine(root.getMessage());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > MAX_DETAIL_CHARS ? line.substring(0, MAX_DETAIL_CHARS) + "..." : line;
    }
}
