package dev.webtop.serve;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before any endpoint (a malformed or ambiguous URI, headers too
 * large): the same one-line JSON as every other error, never an HTML page or a stack trace.
 */
final class JsonErrors implements Request.Handler {
    private static final BodyBudget NO_BODIES = new BodyBudget(0);

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        String reason = HttpStatus.getMessage(status);
        new Exchange(request, response, callback, NO_BODIES).error(status,
            message == null || message.toString().isBlank() ? reason : reason + ": " + message);
        return true;
    }
}
