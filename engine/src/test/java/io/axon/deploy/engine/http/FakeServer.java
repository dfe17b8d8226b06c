package io.axon.deploy.engine.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/** A small HTTP server on 127.0.0.1 standing in for something the engine calls (a service, the gateway). */
final class FakeServer implements AutoCloseable {
  private final HttpServer server;

  private FakeServer(HttpServer server) {
    this.server = server;
  }

  static FakeServer start(Vertx vertx, Handler<HttpServerRequest> handler) {
    return new FakeServer(vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1").await());
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() {
    server.close().await();
  }
}
