/**
 * Tomcat's connector where its defaults do not fit: connections that cost little while they wait and cannot
 * be held open for long (request heads with a deadline, bodies with a minimum rate), larger socket writes,
 * encoded slashes passed on, a graceful shutdown that answers every request it receives, a readiness that
 * says when the connector is full, and a small connector of its own for the health probes.
 */
package org.fashionmnist.server.web.tomcat;
