/**
 * Every error as an RFC 9457 problem, in one place; the bottom of the web layer, which every other room may
 * throw into. A part of the API with an error shape of its own registers an {@link
 * org.fashionmnist.server.web.problem.ErrorDialect}.
 */
package org.fashionmnist.server.web.problem;
