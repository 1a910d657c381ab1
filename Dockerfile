# JupyterLab with casegraph installed, serving notebooks/ (see docker-compose.yml).
FROM python:3.11-slim

# Pango and a font for WeasyPrint's PDF reports; a Java runtime for the pyspark that
# `.[dev]` installs (`casegraph dedupe --engine splink --backend spark`; Spark 4 runs on
# Java 17 or 21, whichever the distribution's default is).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
        default-jre-headless \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 casegraph
WORKDIR /casegraph
COPY --chown=casegraph:casegraph . .
# Editable, like `make install`: the notebooks and the demo find examples/ and
# queries/ next to the package.
RUN pip install --no-cache-dir -e '.[dev]'

USER casegraph
# CASEGRAPH_HOME holds the analysts' review decisions; docker-compose.yml mounts a
# named volume here (created now so that the volume belongs to this user).
ENV CASEGRAPH_HOME=/home/casegraph/.casegraph
RUN mkdir -p "$CASEGRAPH_HOME"
EXPOSE 8888
# JUPYTER_TOKEN (from .env through docker-compose.yml) protects the server.
CMD ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser", \
     "--ServerApp.root_dir=/casegraph/notebooks"]
