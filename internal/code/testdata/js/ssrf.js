const axios = require('axios');
const https = require('https');

exports.handler = async (event) => {
  const target = event.queryStringParameters.url;
  await fetch(target); // want ssrf
  await axios.get(`${target}/status`); // want ssrf
  https.get(event.body, () => {}); // want ssrf
  await axios({ method: 'get', url: target }); // want ssrf

  // good: the host is fixed, only the path or query comes from the event
  await fetch(`https://api.example.com/items/${encodeURIComponent(target)}`);
  await axios.get('https://api.example.com/search?q=' + target);
  const options = { url: 'https://api.example.com/token', form: { code: target } };
  await axios(options);
  return {};
};
