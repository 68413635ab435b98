package dev.sluice.testing.kubernetes.internal;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.Executor;

/**
 * A watch's WebSocket listener whose close and failure handling run off the server's event loop.
 * fabric8's mock server (7.9.0) waits, in {@code onClosed}, for the watch's queued events to be
 * sent — a send that needs the very event loop it blocks — so a client closing a watch while an
 * event is on its way stalled every request for up to a minute. Here the wait happens elsewhere.
 */
final class OffLoopClose extends WebSocketListener {
  private final WebSocketListener watch;
  private final Executor closer;

  OffLoopClose(WebSocketListener watch, Executor closer) {
    this.watch = watch;
    this.closer = closer;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    watch.onBeforeAccept(webSocket, response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    watch.onOpen(webSocket, response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    watch.onMessage(webSocket, text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    watch.onMessage(webSocket, bytes);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    watch.onMessage(webSocket, bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    watch.onClosing(webSocket, code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    closer.execute(() -> watch.onClosed(webSocket, code, reason));
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable t, Response response) {
    closer.execute(() -> watch.onFailure(webSocket, t, response));
  }
}
