const jwt = require('jsonwebtoken');
const https = require('https');

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // want tls-verification-disabled
const agent = new https.Agent({ rejectUnauthorized: false }); // want tls-verification-disabled

exports.handler = async (event, context) => {
  console.log('event', JSON.stringify(event)); // want sensitive-logging
  console.log(process.env); // want sensitive-logging
  const claims = jwt.decode(event.headers.Authorization); // want jwt-unverified

  // good
  console.log('request', event.requestContext.requestId);
  console.log(process.env.STAGE);
  const verified = jwt.verify(event.headers.Authorization, process.env.PUBLIC_KEY);
  const safeAgent = new https.Agent({ rejectUnauthorized: true });
  return { claims, verified, agent, safeAgent };
};
