/**
 * What HTTP/1.x decoding needs to know about the protocol's vocabulary: the request methods
 * Wireshark accepts on a request line, the headers that have a filter field of their own, and
 * the status code descriptions.
 */

/** Methods of HTTP, WebDAV, SSDP/GENA and friends (Wireshark's is_http_request_or_reply list). */
export const METHODS = new Set([
  'GET', 'PUT', 'POST', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH',
  'COPY', 'LOCK', 'MOVE', 'MKCOL', 'MERGE', 'LABEL', 'POLL', 'SEARCH', 'UNLOCK', 'REPORT', 'UPDATE', 'NOTIFY',
  'ACL', 'BIND', 'REBIND', 'UNBIND', 'CHECKIN', 'CHECKOUT', 'PROPFIND', 'PROPPATCH', 'MKACTIVITY', 'MKWORKSPACE',
  'UNCHECKOUT', 'ORDERPATCH', 'VERSION-CONTROL', 'BASELINE-CONTROL', 'MKREDIRECTREF', 'UPDATEREDIRECTREF',
  'BCOPY', 'BMOVE', 'BDELETE', 'BPROPFIND', 'BPROPPATCH', 'SUBSCRIBE', 'UNSUBSCRIBE', 'M-SEARCH', 'M-POST',
  'SSTP_DUPLEX_POST', 'RPC_IN_DATA', 'RPC_OUT_DATA', 'RPC_CONNECT', 'POLYCOM',
]);

/** Header name (lower case) → the `http.*` field that carries its value. */
export const HEADER_FIELDS: Readonly<Record<string, string>> = {
  host: 'host',
  'user-agent': 'user_agent',
  accept: 'accept',
  'accept-language': 'accept_language',
  'accept-encoding': 'accept_encoding',
  referer: 'referer',
  cookie: 'cookie',
  'set-cookie': 'set_cookie',
  connection: 'connection',
  'content-type': 'content_type',
  'content-length': 'content_length_header',
  'content-encoding': 'content_encoding',
  'transfer-encoding': 'transfer_encoding',
  server: 'server',
  date: 'date',
  location: 'location',
  'cache-control': 'cache_control',
  'last-modified': 'last_modified',
  authorization: 'authorization',
  'www-authenticate': 'www_authenticate',
  'proxy-authorization': 'proxy_authorization',
  'proxy-authenticate': 'proxy_authenticate',
  upgrade: 'upgrade',
  'x-forwarded-for': 'x_forwarded_for',
  'sec-websocket-key': 'sec_websocket_key',
  'sec-websocket-accept': 'sec_websocket_accept',
  'sec-websocket-version': 'sec_websocket_version',
  'sec-websocket-protocol': 'sec_websocket_protocol',
  'sec-websocket-extensions': 'sec_websocket_extensions',
  'http2-settings': 'http2_settings',
};

/** The display names of those fields (Wireshark's, which keep the header's spelling). */
export const HEADER_NAMES: Readonly<Record<string, string>> = {
  host: 'Host', user_agent: 'User-Agent', accept: 'Accept', accept_language: 'Accept-Language',
  accept_encoding: 'Accept Encoding', referer: 'Referer', cookie: 'Cookie', set_cookie: 'Set-Cookie',
  connection: 'Connection', content_type: 'Content-Type', content_length_header: 'Content-Length',
  content_encoding: 'Content-Encoding', transfer_encoding: 'Transfer-Encoding', server: 'Server', date: 'Date',
  location: 'Location', cache_control: 'Cache-Control', last_modified: 'Last-Modified', authorization: 'Authorization',
  www_authenticate: 'WWW-Authenticate', proxy_authorization: 'Proxy-Authorization', proxy_authenticate: 'Proxy-Authenticate',
  upgrade: 'Upgrade', x_forwarded_for: 'X-Forwarded-For', sec_websocket_key: 'Sec-WebSocket-Key',
  sec_websocket_accept: 'Sec-WebSocket-Accept', sec_websocket_version: 'Sec-WebSocket-Version',
  sec_websocket_protocol: 'Sec-WebSocket-Protocol', sec_websocket_extensions: 'Sec-WebSocket-Extensions',
  http2_settings: 'HTTP2-Settings',
};

export const STATUS_CODES: Readonly<Record<number, string>> = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-authoritative Information', 204: 'No Content',
  205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Time-out',
  409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Request Entity Too Large',
  414: 'Request-URI Too Long', 415: 'Unsupported Media Type', 416: 'Requested Range Not Satisfiable',
  417: 'Expectation Failed', 418: "I'm a teapot", 421: 'Misdirected Request', 422: 'Unprocessable Entity',
  423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Time-out', 505: 'HTTP Version not supported', 506: 'Variant Also Negotiates',
  507: 'Insufficient Storage', 508: 'Loop Detected', 510: 'Not Extended', 511: 'Network Authentication Required',
};
