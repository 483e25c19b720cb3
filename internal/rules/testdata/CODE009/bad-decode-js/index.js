'use strict';

const jwt = require('jsonwebtoken');
const { jwtDecode } = require('jwt-decode');

function currentUser(headers) {
  const token = (headers.Authorization || '').replace(/^Bearer /, '');
  return jwt.decode(token); // want CODE009
}

exports.handler = async (event) => {
  const claims = currentUser(event.headers);
  const refresh = jwtDecode(event.headers['X-Refresh-Token']); // want CODE009
  if (!claims || claims.role !== 'admin') {
    return { statusCode: 403 };
  }
  return { statusCode: 200, body: JSON.stringify({ sub: claims.sub, exp: refresh.exp }) };
};
