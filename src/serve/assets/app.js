/* placeholder until the front-end helper writes it */
