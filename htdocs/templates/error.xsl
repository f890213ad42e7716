<?xml version="1.0" encoding="UTF-8"?>
<!-- error.xsl: every error page (403, 404, 405, 413, 500, 503, ...) with a message a person understands. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:kp="urn:kundenportal" exclude-result-prefixes="kp">
  <xsl:import href="_layout.xsl"/>

  <xsl:template match="/page" mode="title"><xsl:value-of select="kp:t(concat('status.', error/@status))"/></xsl:template>

  <xsl:template match="/page" mode="content">
    <section class="card narrow">
      <h1><xsl:value-of select="kp:t(concat('status.', error/@status))"/></h1>
      <p><xsl:value-of select="kp:t(error/@message)"/></p>
      <p><a class="button" href="{$mount}/"><xsl:value-of select="kp:t('error.back')"/></a></p>
    </section>
  </xsl:template>
</xsl:stylesheet>
