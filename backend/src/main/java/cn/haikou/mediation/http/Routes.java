package cn.haikou.mediation.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** A capability's HTTP routes, mounted on each HTTP verticle's router. */
@FunctionalInterface
public interface Routes {
    void mount(Vertx vertx, Router router);
}
