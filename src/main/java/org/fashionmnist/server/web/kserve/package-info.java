/**
 * The Open Inference Protocol (KServe V2 REST, with Triton's binary tensor extension) over the same models and
 * admission as the v1 predictions; its errors are the protocol's {@code {"error": "..."}}.
 */
package org.fashionmnist.server.web.kserve;
