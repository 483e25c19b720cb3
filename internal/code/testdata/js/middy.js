const middy = require('@middy/core');
const jsonBodyParser = require('@middy/http-json-body-parser');
const { execSync } = require('child_process');

const baseHandler = async (event) => {
  execSync('convert ' + event.body.file); // want command-injection
};

module.exports.handler = middy(baseHandler).use(jsonBodyParser());
