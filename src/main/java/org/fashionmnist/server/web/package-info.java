/**
 * The HTTP layer: one package per feature ({@code dataset}, {@code batch}, {@code prediction}, {@code kserve},
 * {@code gallery}), each depending on the core and on the shared rooms ({@code http}, {@code problem},
 * {@code openapi}, {@code tomcat}), never on another feature. docs/architecture.md walks a request through them.
 */
package org.fashionmnist.server.web;
