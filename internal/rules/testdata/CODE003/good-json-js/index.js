'use strict';

const serialize = require('node-serialize');

const DEFAULTS = serialize.serialize({ theme: 'light' });

exports.handler = async (event) => {
  const { Cookie: cookie } = event.headers;
  const session = JSON.parse(Buffer.from(cookie.replace('session=', ''), 'base64').toString());
  const defaults = serialize.unserialize(DEFAULTS);
  return { statusCode: 200, body: JSON.stringify({ user: session.user, defaults }) };
};
