/**
 * Readers of prediction inputs that have no HTTP in them: JSON tensors (one streaming reader for both
 * protocols), the v1 endpoint's {@code {"instances": [...]}}, and {@code .npy} arrays.
 */
package org.fashionmnist.server.inference.input;
