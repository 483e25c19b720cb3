const libxmljs = require('libxmljs');

exports.handler = async (event) => {
  const doc = libxmljs.parseXmlString(event.body, { noent: true }); // want xxe

  // good: entities are not substituted
  const safe = libxmljs.parseXmlString(event.body, { noent: false });
  return { doc, safe };
};
