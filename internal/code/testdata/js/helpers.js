// Exported helpers whose argument is not an event: logging it is fine.
module.exports.formatUser = (user) => {
  console.log(user);
  return `${user.first} ${user.last}`;
};

module.exports.handler = async (event) => {
  console.log(event); // want sensitive-logging
  return module.exports.formatUser(event.user);
};
