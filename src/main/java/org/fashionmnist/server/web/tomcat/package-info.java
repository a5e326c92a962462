/**
 * Tomcat's connector where its defaults do not fit: connections that cost little while they wait and cannot
 * be held open for long (request heads with a deadline, bodies with a minimum rate), larger socket writes,
 * encoded slashes passed on, and a graceful shutdown that answers every request it receives.
 */
package org.fashionmnist.server.web.tomcat;
