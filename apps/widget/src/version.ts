/** The widget's version. Its major is in the URL the api serves it from (/widget/v1/chat-widget.js). */
export const WIDGET_VERSION = '1.0.0';
