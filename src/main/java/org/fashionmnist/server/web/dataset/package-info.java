/**
 * Datasets, items, labels, images and sprite sheets, whole splits as {@code .npy} and the original files; the
 * image fast path sits beside the controller it shadows.
 */
package org.fashionmnist.server.web.dataset;
