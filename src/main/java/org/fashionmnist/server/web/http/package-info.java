/**
 * What every feature shares about speaking HTTP: conditional and cached responses, the fast-path base, the
 * paths written in more than one place, strict parameter values, lenient {@code Accept} handling, request
 * bodies with limits, and the lookups of a URL's dataset, split and model.
 */
package org.fashionmnist.server.web.http;
