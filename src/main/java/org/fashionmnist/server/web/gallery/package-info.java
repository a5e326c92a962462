/**
 * The gallery page at {@code /} and how its static files are answered.
 */
package org.fashionmnist.server.web.gallery;
