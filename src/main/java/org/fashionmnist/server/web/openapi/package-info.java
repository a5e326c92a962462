/**
 * The OpenAPI description beyond the controllers' annotations: its header, the error and header schemas, the
 * responses every operation has (406), which properties of a body are required, and the documentation of
 * parameters many endpoints share.
 */
package org.fashionmnist.server.web.openapi;
