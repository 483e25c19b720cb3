'use strict';

const jwt = require('jsonwebtoken');

const PUBLIC_KEY = process.env.JWT_PUBLIC_KEY;

exports.handler = async (event) => {
  const token = (event.headers.Authorization || '').replace(/^Bearer /, '');
  let claims;
  try {
    claims = jwt.verify(token, PUBLIC_KEY, { algorithms: ['RS256'], issuer: 'https://auth.example.com/' });
  } catch (err) {
    return { statusCode: 401 };
  }
  return { statusCode: 200, body: JSON.stringify({ sub: claims.sub }) };
};
