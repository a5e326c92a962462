/**
 * The OpenAPI description beyond the controllers' annotations: its header, the error and header schemas, and
 * the documentation of parameters many endpoints share.
 */
package org.fashionmnist.server.web.openapi;
