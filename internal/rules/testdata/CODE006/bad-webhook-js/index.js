'use strict';

const axios = require('axios');

async function ping(target) {
  const res = await fetch(target, { method: 'POST', body: '{}' }); // want CODE006
  return res.status;
}

exports.handler = async (event) => {
  const { callbackUrl, imageUrl } = JSON.parse(event.body);
  const status = await ping(callbackUrl);
  const image = await axios.get(imageUrl, { responseType: 'arraybuffer' }); // want CODE006
  const preview = await axios({ method: 'get', url: event.queryStringParameters.preview }); // want CODE006
  return { statusCode: 200, body: JSON.stringify({ status, bytes: image.data.length, preview: preview.status }) };
};
