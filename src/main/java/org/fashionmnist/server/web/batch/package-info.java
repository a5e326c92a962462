/**
 * Training batches: an epoch's plan and its batches as npz, safetensors or JSON. {@link
 * org.fashionmnist.server.web.batch.BatchQuery} declares the request once; the batch fast path sits beside the
 * controller it shadows.
 */
package org.fashionmnist.server.web.batch;
