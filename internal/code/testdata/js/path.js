const fs = require('fs');
const path = require('path');

exports.handler = async (event) => {
  const name = event.pathParameters.file;
  const data = fs.readFileSync(path.join('/tmp/uploads', name)); // want path-traversal
  await fs.promises.writeFile('/tmp/' + name, data); // want path-traversal

  // good
  fs.readFileSync(path.join('/tmp/uploads', path.basename(name)));
  fs.readFileSync('/var/task/config.json');
  return {};
};
