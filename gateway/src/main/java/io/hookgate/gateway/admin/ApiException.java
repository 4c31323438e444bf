package io.hookgate.gateway.admin;

/**
 * A client-facing admin API error: {@code {"error":{"code","message","field"}}} with its status.
 * Thrown from handlers; {@link ApiErrorHandler} writes it.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException validation(String field, String message) {
        return new ApiException(400, "validation_failed", message, field);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found", null);
    }

    public static ApiException conflict(String field, String message) {
        return new ApiException(409, "conflict", message, field);
    }

    public static ApiException unprocessable(String field, String message) {
        return new ApiException(422, "unprocessable", message, field);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
