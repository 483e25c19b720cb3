const { execSync } = require('child_process');

exports.env = async () => ({ statusCode: 200, body: execSync('printenv').toString() }); // want environment-exposure

exports.dump = async () => {
  return { statusCode: 200, body: JSON.stringify(process.env) }; // want environment-exposure
};

exports.ok = async () => {
  return { statusCode: 200, body: process.env.STAGE };
};
