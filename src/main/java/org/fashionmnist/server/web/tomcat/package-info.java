/**
 * Tomcat's connector where its defaults do not fit: larger socket writes, encoded slashes passed on, and a
 * graceful shutdown that answers every request it receives.
 */
package org.fashionmnist.server.web.tomcat;
