'use strict';

const serialize = require('node-serialize');

function readSession(cookie) {
  const raw = Buffer.from(cookie.replace('session=', ''), 'base64').toString();
  return serialize.unserialize(raw); // want CODE003
}

exports.handler = async (event) => {
  const { Cookie: cookie } = event.headers;
  const session = readSession(cookie);
  const prefs = serialize.unserialize(JSON.parse(event.body).prefs); // want CODE003
  return { statusCode: 200, body: JSON.stringify({ user: session.user, prefs }) };
};
