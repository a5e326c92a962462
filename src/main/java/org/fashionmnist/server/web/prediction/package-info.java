/**
 * Models, predictions of uploaded images and of stored items; the media types a prediction takes are listed
 * once, in {@link org.fashionmnist.server.web.prediction.PredictionBody}.
 */
package org.fashionmnist.server.web.prediction;
