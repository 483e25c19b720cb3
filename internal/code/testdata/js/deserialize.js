const serialize = require('node-serialize');

module.exports.handler = async (event) => {
  const cookie = Buffer.from(event.headers.Cookie, 'base64').toString();
  const profile = serialize.unserialize(cookie); // want unsafe-deserialization

  // good: JSON carries no code
  const data = JSON.parse(event.body);
  return { profile, data };
};
